/*
 * intune_graph.h - Microsoft Graph request bodies for Intune, as JSON.
 *
 *	profile.json	POST /deviceManagement/deviceConfigurations: a
 *			windows10CustomConfiguration holding the OMA rows
 *	assign.json	POST .../deviceConfigurations/{id}/assign
 *	admx-upload.json POST /beta/deviceManagement/
 *			groupPolicyUploadedDefinitionFiles
 *
 * Written through json-c; read-only properties (id, times, version,
 * isEncrypted) are left out, as Graph refuses them on create.
 */
#ifndef INTUNE_GRAPH_H
#define INTUNE_GRAPH_H

#include <stdio.h>

#include "gpf_error.h"
#include "intune.h"

int graph_write_profile(FILE *out, const char *name,
			const struct intune_profile *p,
			const char *display_name, const char *description,
			struct gpf_error *err);

/* group_id must be a GUID (an Entra group's object id). */
int graph_write_assign(FILE *out, const char *name, const char *group_id,
		       struct gpf_error *err);

int graph_write_upload(FILE *out, const char *name, const char *admx_name,
		       const struct gpf_buf *admx, const char *adml_name,
		       const struct gpf_buf *adml, struct gpf_error *err);

/* Appends the base64 form of len bytes at data to out. */
void base64_append(struct gpf_buf *out, const unsigned char *data, size_t len);

#endif

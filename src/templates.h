/*
 * templates.h - the files gpforge fills in: its ADMX/ADML, the default
 * sender list and the XML skeletons of a GPO backup.
 *
 * They are compiled into the binary (templates_data.c, generated from
 * templates/ by templates/embed.sh), so gpforge works wherever it is
 * copied; a folder given with --templates overrides them file by file.
 */
#ifndef TEMPLATES_H
#define TEMPLATES_H

#include <stddef.h>

#include "gpf_buf.h"
#include "gpf_error.h"

struct template_file {
	const char *name; /* e.g. "gpo/Backup.xml" */
	const unsigned char *data;
	size_t size;
};

/* The built-in files, ended by an entry whose name is NULL. */
extern const struct template_file template_files[];

#define TEMPLATE_ADMX	  "admx/gpforge-outlook.admx"
#define TEMPLATE_ADML	  "admx/en-US/gpforge-outlook.adml"
#define TEMPLATE_SENDERS  "senders/mimecast-awareness-training.txt"
#define TEMPLATE_BACKUP	  "gpo/Backup.xml"
#define TEMPLATE_BKUPINFO "gpo/bkupInfo.xml"
#define TEMPLATE_MANIFEST "gpo/manifest.xml"
#define TEMPLATE_GPREPORT "gpo/gpreport.xml"

/*
 * Appends the template name to out: from dir/name when dir is set and
 * has that file, else the built-in copy.  *origin gets a name for
 * messages ("DIR/NAME" or "built-in NAME"), valid until the next call.
 */
int template_read(const char *dir, const char *name, struct gpf_buf *out,
		  const char **origin, struct gpf_error *err);

#endif

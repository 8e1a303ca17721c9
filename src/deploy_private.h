/*
 * deploy_private.h - the steps of "gpforge deploy" and what they hand
 * each other: what the output folder holds (deploy_input.c), what the
 * directory and its shares hold (deploy_state.c), and the changes that
 * make the second match the first (deploy.c).  Planning is pure, so
 * tests give it a made-up directory.
 *
 * Ownership: each structure owns its strings and buffers and is
 * released by its own _free function.
 */
#ifndef DEPLOY_PRIVATE_H
#define DEPLOY_PRIVATE_H

#include <stdint.h>

#include "ad_sysvol.h"
#include "deploy.h"
#include "gpf_buf.h"
#include "gpt_ini.h"
#include "ids.h"

/* --- the output folder ------------------------------------------------ */

struct deploy_gpo {
	char *name;		  /* display name */
	struct gpf_buf name_key;  /* name case-folded, for comparing */
	char *backup_id;	  /* "{GUID}" */
	char *ou;		  /* to link to; NULL: not linked */
	unsigned long link_line;  /* its line in links.csv */
	struct gpf_buf pol;	  /* User/Registry.pol */
	char *user_extensions;	  /* "[{CSE}{tool}]", "" for none */
	char *machine_extensions; /* the same for the computer side */
	unsigned flags;		  /* 1 user side off, 2 computer off */
	char *list_path;	  /* where Outlook reads the list, or NULL */
	char *list_file;	  /* its file in the output, from links.csv */
};

/* A file to put on a share: a sender list or a template. */
struct deploy_copy {
	char *source; /* the local file */
	struct gpf_buf data;
	char *host, *share, *path; /* the target */
	struct gpf_buf path_key;   /* path case-folded, as the share sees it */
	int template;		   /* in the Central Store */
};

struct deploy_input {
	char *domain_dn;
	char *links_csv; /* its path, for messages */
	struct deploy_gpo *gpos;
	size_t gpo_count;
	struct deploy_copy *copies;
	size_t copy_count;
	char **folders; /* Central Store folders, parents first */
	size_t folder_count;
	char **warnings;
	size_t warning_count;
};

int deploy_read_input(const struct deploy_options *o, struct deploy_input *in,
		      struct gpf_error *err);

void deploy_input_free(struct deploy_input *in);

/* The Policies folder on the sysvol share: "corp.example.com/Policies". */
char *deploy_policies_path(const char *domain);

/* --- the directory ---------------------------------------------------- */

struct dir_gpo {
	char *dn;
	char *guid; /* from the first RDN, "{...}" */
	char *name;
	char *name_key; /* name case-folded, as the directory compares it */
	uint32_t version;
	int has_version;
	unsigned flags;
	char *user_extensions; /* NULL when absent */
	char *machine_extensions;
	char *file_sys_path;	   /* gPCFileSysPath, NULL when absent */
	int may_change;		   /* the account may write versionNumber */
	int may_change_extensions; /* and gPCUserExtensionNames */

	/* SYSVOL, read only for a GPO some input GPO is named like. */
	int sysvol_read;
	int has_marker;
	int has_pol;
	struct gpf_buf pol;
	int has_gpt;
	struct gpf_buf gpt;

	/* Parts a create that stopped part way leaves out; 0: present. */
	int no_user_object, no_machine_object; /* CN=User, CN=Machine */
	int no_folder;			       /* its SYSVOL folder */
	int no_machine_folder;		       /* and Machine in it */
};

struct dir_ou {
	int exists;
	int linkable; /* an OU or a domain */
	int may_link; /* the account may write gPLink */
	char *gplink; /* NULL when it has none */
};

struct dir_file {
	enum smb_kind kind;
	struct gpf_buf data;
	enum smb_kind parent; /* the folder it goes into */
};

/*
 * What the account may do comes from the directory's own answer
 * (allowedChildClassesEffective, allowedAttributesEffective), so that a
 * missing right stops the run before its first change.
 */
struct dir_state {
	int may_create; /* groupPolicyContainer objects in Policies */
	struct dir_gpo *gpos;
	size_t gpo_count;
	struct dir_ou *ous;	/* one per input GPO */
	struct dir_file *files; /* one per input copy */
	enum smb_kind *folders; /* one per input folder */
};

/* The directory's GPO named like name (any case): index, -1, or -2 if
 * more than one. */
long dir_find_gpo(const struct dir_state *st, const char *name);

/* Where a GPO's SYSVOL folder is, from gPCFileSysPath; 0 or -1. */
int dir_sysvol_folder(const struct dir_gpo *g, const struct ad_login *login,
		      char **host, char **share, char **path);

struct deploy_session {
	struct ad_ldap *ldap;
	struct ad_smb *smb;
};

int deploy_read_state(const struct deploy_options *o,
		      const struct deploy_input *in, struct deploy_session *s,
		      struct dir_state *st, struct gpf_error *err);

void dir_state_free(struct dir_state *st, size_t gpo_inputs,
		    size_t copy_inputs);

/* --- the plan --------------------------------------------------------- */

enum change_kind {
	CHANGE_LDAP_ADD,
	CHANGE_LDAP_MODIFY,
	CHANGE_SMB_MKDIR,
	CHANGE_SMB_WRITE,
	CHANGE_SMB_ACL,
	CHANGE_SMB_RENAME
};

/* A new Central Store is filled under this name, then renamed. */
#define NEW_STORE_SUFFIX ".gpforge-new"

#define CHANGE_MAX_ATTRS 8

struct change_attr {
	enum ad_op op;
	const char *name; /* a string constant */
	char *value;
};

struct change {
	enum change_kind kind;
	long gpo;     /* the input GPO it serves, or -1 */
	char *target; /* a DN, or a path on the share */
	char *host, *share;
	struct change_attr attrs[CHANGE_MAX_ATTRS];
	size_t attr_count;
	struct gpf_buf data; /* what an SMB write writes */
	char *acl_from;	     /* the DN whose ACL an SMB ACL mirrors */
	char *rename_to;     /* the path an SMB rename gives target */
};

/* What happens to each input GPO. */
enum gpo_action { GPO_CREATE, GPO_UPDATE, GPO_KEEP };

struct gpo_plan {
	enum gpo_action action;
	char guid[GUID_TEXT_SIZE];
	int link_added;
	int adopted;   /* its gpforge.txt written by --adopt */
	char *summary; /* one line: what and why */
};

struct deploy_plan {
	struct change *changes;
	size_t count;
	struct gpo_plan *gpos; /* one per input GPO */
	size_t gpo_count;
	size_t created, updated, adopted, linked, unchanged;
	struct gpf_buf notes; /* lines for --verbose */
	char **warnings;
	size_t warning_count;
};

/*
 * Plans every change, or fails (nothing planned) on the first GPO, OU or
 * file that cannot be deployed.  new_guid makes the GUID of each GPO
 * created.
 */
int deploy_plan(const struct deploy_options *o, const struct deploy_input *in,
		const struct dir_state *st,
		void (*new_guid)(char out[GUID_TEXT_SIZE]),
		struct deploy_plan *plan, struct gpf_error *err);

/*
 * The client-side extension list (gPCUserExtensionNames) with want's
 * entries added to have's: "[{CSE}{TOOL}...]..." with each CSE once,
 * tools merged, both sorted as clients expect.  malloc'd.
 */
char *deploy_merge_extensions(const char *have, const char *want);

/* Every change as text, grouped by GPO, for --dry-run. */
void deploy_describe(const struct deploy_input *in,
		     const struct deploy_plan *plan, struct gpf_buf *out);

/* Makes the changes in order; stops at the first that fails. */
int deploy_apply(const struct deploy_options *o, const struct deploy_input *in,
		 struct deploy_session *s, struct deploy_plan *plan,
		 struct gpf_error *err);

void deploy_plan_free(struct deploy_plan *plan);

#endif

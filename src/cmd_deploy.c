/*
 * cmd_deploy.c - the options of "gpforge deploy", its password, its
 * progress bar and what it prints.
 */
#include "cmd_deploy.h"
#include "build.h"
#include "cli.h"
#include "deploy.h"
#include "gpf_error.h"
#include "msg.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TIMEOUT_SECONDS 15

static const char deploy_help[] =
    "Usage: gpforge deploy --server HOST --domain DNS (--kerberos | "
    "--user USER)\n"
    "                      [options] [OUTPUT_DIR]\n"
    "\n"
    "Creates or updates in Active Directory each GPO that gpforge build\n"
    "wrote into OUTPUT_DIR (default output), over LDAP and SMB, and links\n"
    "it to its OU (gpo/links.csv of a --ou-csv build).  Everything is\n"
    "checked before the first change; a failed check changes nothing.\n"
    "\n"
    "      --server=HOST         the domain controller (LDAP and SMB)\n"
    "      --domain=DNS          the domain's DNS name\n"
    "      --kerberos            log on with the Kerberos ticket from "
    "kinit\n"
    "      --user=USER           log on as USER (NAME, NAME@REALM or "
    "DOMAIN\\NAME)\n"
    "                            with the password from "
    "GPFORGE_PASSWORD or\n"
    "      --password-file=FILE  the first line of FILE\n"
    "      --ldaps               LDAPS on port 636 instead of StartTLS on "
    "389\n"
    "      --ca-cert=FILE        trust the DC's certificate from FILE\n"
    "      --insecure-tls        do not check the DC's certificate (test "
    "domains)\n"
    "      --copy-lists          copy each sender list to the path its GPO "
    "gives\n"
    "      --central-store       copy the templates into the Central "
    "Store\n"
    "      --adopt               take over GPOs of the same names that "
    "gpforge\n"
    "                            did not create\n"
    "      --dry-run             print every change instead of making it\n"
    "  -q, --quiet               print errors only\n"
    "  -v, --verbose             say what happens to each GPO and file\n"
    "  -h, --help                show this help\n"
    "  -V, --version             show the version\n";

enum {
	OPT_SERVER = 256,
	OPT_DOMAIN,
	OPT_KERBEROS,
	OPT_USER,
	OPT_PASSWORD_FILE,
	OPT_LDAPS,
	OPT_CA_CERT,
	OPT_INSECURE_TLS,
	OPT_COPY_LISTS,
	OPT_CENTRAL_STORE,
	OPT_ADOPT,
	OPT_DRY_RUN
};

static const struct option longopts[] = {
	{ "server", required_argument, NULL, OPT_SERVER },
	{ "domain", required_argument, NULL, OPT_DOMAIN },
	{ "kerberos", no_argument, NULL, OPT_KERBEROS },
	{ "user", required_argument, NULL, OPT_USER },
	{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
	{ "ldaps", no_argument, NULL, OPT_LDAPS },
	{ "ca-cert", required_argument, NULL, OPT_CA_CERT },
	{ "insecure-tls", no_argument, NULL, OPT_INSECURE_TLS },
	{ "copy-lists", no_argument, NULL, OPT_COPY_LISTS },
	{ "central-store", no_argument, NULL, OPT_CENTRAL_STORE },
	{ "adopt", no_argument, NULL, OPT_ADOPT },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	CLI_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

/* What the command line gave besides the deploy options. */
struct command {
	const char *password_file;
	char *password; /* read from the file or the environment */
};

static void
set_option(struct deploy_options *o, struct command *c, int opt)
{
	switch (opt) {
	case OPT_SERVER: o->login.server = optarg; break;
	case OPT_DOMAIN: o->login.domain = optarg; break;
	case OPT_KERBEROS: o->login.kerberos = 1; break;
	case OPT_USER: o->login.user = optarg; break;
	case OPT_PASSWORD_FILE: c->password_file = optarg; break;
	case OPT_LDAPS: o->login.ldaps = 1; break;
	case OPT_CA_CERT: o->login.ca_cert = optarg; break;
	case OPT_INSECURE_TLS: o->login.insecure_tls = 1; break;
	case OPT_COPY_LISTS: o->copy_lists = 1; break;
	case OPT_CENTRAL_STORE: o->central_store = 1; break;
	case OPT_ADOPT: o->adopt = 1; break;
	case OPT_DRY_RUN: o->dry_run = 1; break;
	}
}

/*
 * Whether the command line tries to give a password itself.  This runs
 * before getopt, which would take "--password" as an abbreviation of
 * --password-file and the password as a file name; nothing of the
 * argument is echoed.
 */
static int
password_on_command_line(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strncmp(argv[i], "--pass", 6) != 0 &&
		    strncmp(argv[i], "--pw", 4) != 0)
			continue;
		if (strcmp(argv[i], "--password-file") == 0 ||
		    strncmp(argv[i], "--password-file=", 16) == 0)
			continue;
		return 1;
	}
	return 0;
}

/* A DNS name: labels of letters, digits and '-', dot-separated. */
static int
dns_name(const char *s)
{
	size_t label = 0;

	for (; *s; s++) {
		if (*s == '.') {
			if (label == 0)
				return 0;
			label = 0;
		} else if (isalnum((unsigned char)*s) || *s == '-') {
			if (++label > 63)
				return 0;
		} else {
			return 0;
		}
	}
	return label > 0;
}

/* Longer first lines of a password file are refused, not cut. */
#define PASSWORD_MAX	  1024
#define TEXT_OF(n)	  #n
#define NUMBER_TEXT(n)	  TEXT_OF(n)
#define PASSWORD_MAX_TEXT NUMBER_TEXT(PASSWORD_MAX)

/* Overwrites a password, then frees it (NULL is fine). */
static void
forget_password(char *password)
{
	if (password == NULL)
		return;
	/* memset before free is a dead store the compiler may drop. */
	explicit_bzero(password, strlen(password));
	free(password);
}

/*
 * Reads the start of fd into buf (room for cap bytes) until a line end
 * or cap bytes are in it; the count read, or -1 with errno set.  Plain
 * read(2) into the caller's buffer: stdio and getline would leave
 * copies of the password in buffers freed without being cleared.
 */
static ssize_t
read_first_line(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	ssize_t n;

	while (len < cap && memchr(buf, '\n', len) == NULL) {
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	return (ssize_t)len;
}

/* The length of the first line of the n bytes at buf, its end left out. */
static size_t
line_length(const char *buf, size_t n)
{
	const char *end = memchr(buf, '\n', n);
	size_t len = end ? (size_t)(end - buf) : n;

	while (len > 0 && buf[len - 1] == '\r')
		len--;
	return len;
}

/* Why the first line of a password file is refused, or NULL. */
static const char *
bad_password_line(const char *line, size_t len)
{
	if (len == 0)
		return "the first line holds no password";
	if (len > PASSWORD_MAX)
		return "the first line is longer than " PASSWORD_MAX_TEXT
		       " bytes";
	/* The password would end there, and be cleared only up to it. */
	if (memchr(line, '\0', len) != NULL)
		return "the first line holds a NUL byte";
	return NULL;
}

/* The first line of path, without its line end; NULL on failure. */
static char *
read_password(const char *path, int *status)
{
	size_t cap = PASSWORD_MAX + 2, len;
	char *line = gpf_xrealloc(NULL, cap);
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;
	ssize_t n = fd < 0 ? -1 : read_first_line(fd, line, cap - 1);
	const char *why;

	e = errno;
	if (fd >= 0)
		close(fd);
	len = n < 0 ? 0 : line_length(line, (size_t)n);

	/* The rest of the file may hold more secrets: clear it all. */
	explicit_bzero(line + len, cap - len);
	why = n < 0 ? strerror(e) : bad_password_line(line, len);
	if (why != NULL) {
		msg_error("%s: %s", path, why);
		*status = n < 0 ? GPF_NOINPUT : GPF_DATAERR;
		explicit_bzero(line, cap);
		free(line);
		return NULL;
	}
	return line;
}

/*
 * Takes GPFORGE_PASSWORD out of the environment, used or not: whatever
 * runs later (libsmbclient, Kerberos plugins) or starts a child should
 * not find it there.
 */
static void
forget_environment(void)
{
	unsetenv("GPFORGE_PASSWORD");
}

/* Checks the options together; an exit status or CLI_CONTINUE. */
static int
check_options(struct deploy_options *o, struct command *c)
{
	const char *env = getenv("GPFORGE_PASSWORD");
	int status = CLI_CONTINUE;

	if (o->login.server == NULL || o->login.server[0] == '\0')
		return msg_usage("deploy", "--server HOST is required");
	if (o->login.domain == NULL)
		return msg_usage("deploy", "--domain DNS is required");
	if (!dns_name(o->login.domain))
		return msg_usage("deploy", "--domain '%s' is not a DNS name",
				 o->login.domain);
	if (o->login.kerberos == (o->login.user != NULL))
		return msg_usage(
		    "deploy", "give --kerberos or --user USER (one of them)");
	if (o->login.kerberos && c->password_file != NULL)
		return msg_usage("deploy",
				 "--password-file goes with --user, not "
				 "--kerberos");
	if (o->login.insecure_tls && o->login.ca_cert != NULL)
		return msg_usage("deploy", "--insecure-tls and --ca-cert "
					   "exclude each other");
	if (o->login.ca_cert != NULL && access(o->login.ca_cert, R_OK) != 0) {
		msg_error("%s: %s", o->login.ca_cert, strerror(errno));
		return GPF_NOINPUT;
	}
	if (o->login.user == NULL) {
		forget_environment();
		return status;
	}
	if (c->password_file != NULL)
		c->password = read_password(c->password_file, &status);
	else if (env != NULL && env[0] != '\0')
		c->password = gpf_xstrdup(env);
	forget_environment();
	if (c->password == NULL && c->password_file == NULL)
		return msg_usage("deploy",
				 "--user needs a password: set "
				 "GPFORGE_PASSWORD or give --password-file");
	o->login.password = c->password;
	return c->password ? CLI_CONTINUE : status;
}

/* A progress bar on a terminal: steps done of the phase. */
static void
progress_bar(const char *what, size_t done, size_t total, void *arg)
{
	(void)arg;
	msg_progress(what, done, total, NULL);
}

static int
report(const struct deploy_options *o, struct deploy_result *r, int status,
       struct gpf_error *err)
{
	char *line, *next;
	size_t i;

	for (i = 0; i < r->warning_count; i++)
		msg_warn("%s", r->warnings[i]);
	if (status != GPF_OK)
		return msg_report(err);
	if (r->plan != NULL)
		fputs(r->plan, stdout);
	for (line = r->notes; line && *line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		msg_note("%s", line);
	}
	status = cli_finish_stdout(GPF_OK);
	if (status == GPF_OK && msg_level > MSG_QUIET)
		fprintf(stderr,
			"gpforge: %s to %s: %zu created, %zu updated, "
			"%zu adopted, %zu linked, %zu unchanged%s\n",
			o->dry_run ? "would deploy" : "deployed",
			o->login.domain, r->created, r->updated, r->adopted,
			r->linked, r->unchanged,
			o->dry_run ? " (dry run: nothing written)" : "");
	return status;
}

static int
parse(int argc, char **argv, struct deploy_options *o, struct command *c)
{
	int opt, rc;

	if (password_on_command_line(argc, argv))
		return msg_usage("deploy",
				 "a password on the command line is refused "
				 "(other users can see it); set "
				 "GPFORGE_PASSWORD or give --password-file");
	cli_reset();
	while ((opt = getopt_long(argc, argv, ":" CLI_COMMON_SHORT, longopts,
				  NULL)) != -1) {
		rc = cli_common(opt, "deploy", deploy_help, argv);
		if (rc == CLI_CONTINUE)
			continue;
		if (rc != CLI_NOT_COMMON)
			return rc;
		set_option(o, c, opt);
	}
	if (optind < argc)
		o->output = argv[optind++];
	if (optind < argc)
		return msg_usage("deploy", "unexpected argument '%s'",
				 argv[optind]);
	return check_options(o, c);
}

int
cmd_deploy(int argc, char **argv)
{
	struct deploy_options o;
	struct deploy_result result;
	struct command c = { NULL, NULL };
	struct gpf_error err;
	int rc;

	memset(&o, 0, sizeof(o));
	o.output = BUILD_DEFAULT_OUTPUT;
	o.login.timeout = TIMEOUT_SECONDS;
	rc = parse(argc, argv, &o, &c);
	if (rc != CLI_CONTINUE) {
		forget_password(c.password);
		return rc;
	}
	if (msg_level > MSG_QUIET && isatty(STDERR_FILENO))
		o.progress = progress_bar;

	gpf_error_clear(&err);
	rc = deploy_run(&o, &result, &err);
	rc = report(&o, &result, rc, &err);
	deploy_result_free(&result);
	forget_password(c.password);
	return rc;
}

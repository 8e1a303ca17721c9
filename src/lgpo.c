/*
 * lgpo.c - the LGPO text form of registry.pol: dump and compile.
 */
#include "lgpo.h"
#include "gpf_buf.h"
#include "textlines.h"
#include "utf16.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

const char *
lgpo_config_name(enum lgpo_config config)
{
	return config == LGPO_USER ? "User" : "Computer";
}

static int
is_marker(const struct regpol_record *rec)
{
	return rec->type == REG_SZ && rec->size == 4 &&
	       memcmp(rec->data, " \0\0\0", 4) == 0;
}

const char *
lgpo_record_action(const struct regpol_record *rec)
{
	if (rec->type == REG_NONE && rec->value[0] == '\0' && rec->size == 0)
		return "CREATEKEY";
	if (is_marker(rec) && strcmp(rec->value, REGPOL_DELVALS) == 0)
		return "DELETEALLVALUES";
	if (is_marker(rec) && strncmp(rec->value, REGPOL_DEL_PREFIX, 6) == 0)
		return "DELETE";
	if (rec->type == REG_SZ && strcmp(rec->value, REGPOL_DELETE_KEYS) == 0)
		return "DELETEKEYS";

	switch (rec->type) {
	case REG_NONE: return "NONE";
	case REG_SZ: return "SZ";
	case REG_EXPAND_SZ: return "EXSZ";
	case REG_BINARY: return "BINARY";
	case REG_DWORD: return "DWORD";
	case REG_DWORD_BIG_ENDIAN: return "DWORDBE";
	case REG_MULTI_SZ: return "MULTISZ";
	case REG_QWORD: return "QWORD";
	}
	return NULL;
}

int
lgpo_dump_header(FILE *out, enum lgpo_config config, const char *source)
{
	fprintf(out, "; PARSING %s POLICY\n; Source file:  %s\n\n",
		lgpo_config_name(config), source);
	return ferror(out) ? GPF_IOERR : GPF_OK;
}

int
lgpo_dump_footer(FILE *out)
{
	fputs("; PARSING COMPLETED.\n", out);
	return ferror(out) ? GPF_IOERR : GPF_OK;
}

/* Fails when text (a name or string) cannot stand on one text line. */
static int
check_one_line(const char *text, size_t len, const char *what,
	       const struct regpol_record *rec, const char *name,
	       struct gpf_error *err)
{
	if (memchr(text, '\n', len) == NULL &&
	    memchr(text, '\r', len) == NULL && memchr(text, '\0', len) == NULL)
		return GPF_OK;
	return gpf_fail(err, GPF_DATAERR,
			"%s: offset %" PRIu64 ": %s holds "
			"a line break or NUL, which LGPO text cannot show; "
			"use --json",
			name, rec->offset, what);
}

/* Decodes string data (without its final NUL) into out. */
static void
decode_data(const struct regpol_record *rec, struct gpf_buf *out)
{
	size_t bad, units = rec->size / 2;

	/* The reader has checked the data is well-formed and NUL-ended. */
	gpf_buf_clear(out);
	utf16le_to_utf8(rec->data, units ? units - 1 : 0, out, &bad);
}

/*
 * A REG_MULTI_SZ as a\0b: the final NUL pair ends the list and each
 * inner NUL becomes the two characters '\' '0'.
 */
static int
put_multi_sz(FILE *out, const struct regpol_record *rec, struct gpf_buf *text,
	     const char *name, struct gpf_error *err)
{
	size_t i, len = text->len;

	if (len > 0 && text->data[len - 1] == '\0')
		len--;
	for (i = 0; i < len; i++) {
		if (text->data[i] == '\\' && i + 1 < len &&
		    text->data[i + 1] == '0')
			return gpf_fail(err, GPF_DATAERR,
					"%s: offset %" PRIu64
					": REG_MULTI_SZ string holds the text "
					"\\0, which LGPO text cannot tell from "
					"a separator; use --json",
					name, rec->offset);
		if (text->data[i] == '\0')
			fputs("\\0", out);
		else
			fputc(text->data[i], out);
	}
	return GPF_OK;
}

/* Decimal without printf, which dominated dump time. */
static void
put_number(FILE *out, uint64_t n)
{
	char digits[24], *p = digits + sizeof(digits);

	*--p = '\0';
	do {
		*--p = '0' + n % 10;
		n /= 10;
	} while (n > 0);
	fputs(p, out);
}

static void
put_hex(FILE *out, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(out, i ? ",%02x" : "%02x", p[i]);
}

static uint32_t
get_le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

int
lgpo_dump_data(FILE *out, const struct regpol_record *rec, const char *name,
	       struct gpf_error *err)
{
	struct gpf_buf text = { 0 };
	uint64_t q = 0;
	int i, status = GPF_OK;

	switch (rec->type) {
	case REG_SZ:
	case REG_EXPAND_SZ:
	case REG_MULTI_SZ:
		decode_data(rec, &text);
		if (rec->type == REG_MULTI_SZ)
			status = put_multi_sz(out, rec, &text, name, err);
		else if ((status = check_one_line((char *)text.data, text.len,
						  "string data", rec, name,
						  err)) == GPF_OK)
			fwrite(text.data, 1, text.len, out);
		break;
	case REG_DWORD: put_number(out, get_le32(rec->data)); break;
	case REG_DWORD_BIG_ENDIAN:
		put_number(out, (uint32_t)rec->data[0] << 24 |
				    rec->data[1] << 16 | rec->data[2] << 8 |
				    rec->data[3]);
		break;
	case REG_QWORD:
		for (i = 7; i >= 0; i--)
			q = q << 8 | rec->data[i];
		put_number(out, q);
		break;
	default: put_hex(out, rec->data, rec->size); break;
	}
	gpf_buf_free(&text);
	return status;
}

/* The fifth line: ACTION, or ACTION:data for actions that carry data. */
static int
put_action(FILE *out, const struct regpol_record *rec, const char *action,
	   const char *name, struct gpf_error *err)
{
	static const char *const bare[] = { "DELETE", "DELETEALLVALUES",
					    "DELETEKEYS", "CREATEKEY" };
	size_t i;
	int status = GPF_OK;

	fputs(action, out);
	for (i = 0; i < sizeof(bare) / sizeof(bare[0]); i++)
		if (strcmp(action, bare[i]) == 0)
			break;
	if (i == sizeof(bare) / sizeof(bare[0])) {
		fputc(':', out);
		status = lgpo_dump_data(out, rec, name, err);
	}
	fputc('\n', out);
	return status;
}

/* The value-name line: '*' for whole-key actions, (Default) for "". */
static const char *
value_line(const struct regpol_record *rec, const char *action,
	   struct gpf_buf *scratch)
{
	if (strcmp(action, "CREATEKEY") == 0 ||
	    strcmp(action, "DELETEALLVALUES") == 0)
		return "*";
	if (strcmp(action, "DELETE") == 0)
		return rec->value[6] ? rec->value + 6 : "(Default)";
	if (strcmp(action, "DELETEKEYS") == 0) {
		decode_data(rec, scratch);
		return gpf_buf_str(scratch);
	}
	return rec->value[0] ? rec->value : "(Default)";
}

int
lgpo_dump_record(FILE *out, enum lgpo_config config,
		 const struct regpol_record *rec, const char *name,
		 struct gpf_error *err)
{
	const char *action = lgpo_record_action(rec), *value;
	struct gpf_buf scratch = { 0 };
	int status;

	value = value_line(rec, action, &scratch);
	status = check_one_line(rec->key, strlen(rec->key), "the key", rec,
				name, err);
	if (status == GPF_OK)
		status = check_one_line(value, strlen(value), "the value name",
					rec, name, err);
	if (status == GPF_OK) {
		fputs(lgpo_config_name(config), out);
		fputc('\n', out);
		fputs(rec->key, out);
		fputc('\n', out);
		fputs(value, out);
		fputc('\n', out);
		status = put_action(out, rec, action, name, err);
		fputc('\n', out);
	}
	gpf_buf_free(&scratch);
	if (status == GPF_OK && ferror(out))
		status = gpf_fail(err, GPF_IOERR, "standard output: %s",
				  strerror(errno));
	return status;
}

/* --- compiling ------------------------------------------------------- */

enum action {
	ACT_DWORD,
	ACT_QWORD,
	ACT_DWORDBE,
	ACT_SZ,
	ACT_EXSZ,
	ACT_MULTISZ,
	ACT_BINARY,
	ACT_NONE,
	ACT_DELETE,
	ACT_DELETEALLVALUES,
	ACT_CREATEKEY,
	ACT_DELETEKEYS,
	ACT_CLEAR
};

static const struct {
	const char *word;
	enum action action;
	int has_data; /* takes ":data" */
} actions[] = {
	{ "DWORD", ACT_DWORD, 1 },
	{ "QWORD", ACT_QWORD, 1 },
	{ "DWORDBE", ACT_DWORDBE, 1 },
	{ "SZ", ACT_SZ, 1 },
	{ "EXSZ", ACT_EXSZ, 1 },
	{ "MULTISZ", ACT_MULTISZ, 1 },
	{ "BINARY", ACT_BINARY, 1 },
	{ "NONE", ACT_NONE, 1 },
	{ "DELETE", ACT_DELETE, 0 },
	{ "DELETEALLVALUES", ACT_DELETEALLVALUES, 0 },
	{ "CREATEKEY", ACT_CREATEKEY, 0 },
	{ "DELETEKEYS", ACT_DELETEKEYS, 0 },
	{ "CLEAR", ACT_CLEAR, 0 },
};

/* One record of the text, as the parser hands it on. */
struct entry {
	unsigned long line; /* of its configuration line */
	unsigned long action_line;
	enum lgpo_config config;
	const char *key;
	const char *value;
	enum action action;
	const char *data; /* text after the ':' */
};

/* A CLEAR seen in the first pass: drops earlier matching records. */
struct clear {
	unsigned long line;
	enum lgpo_config config;
	char *key;
	char *value; /* "*" for every value of the key */
};

struct compiler {
	struct text_lines text;
	const char *name;
	char *fields[4];
	struct clear *clears;
	size_t nclears;
	enum lgpo_config want;
	enum lgpo_config first_config;
	unsigned long first_line;
};

static int
syntax(struct compiler *c, unsigned long line, struct gpf_error *err,
       const char *fmt, const char *arg)
{
	char what[GPF_MESSAGE_MAX / 2];

	snprintf(what, sizeof(what), fmt, arg);
	return gpf_fail(err, GPF_DATAERR, "%s: line %lu: %s", c->name, line,
			what);
}

/*
 * Reads the next line that is neither blank nor a comment into
 * c->text.line.  Returns 1, 0 at end of file, or -1.
 */
static int
next_line(struct compiler *c, struct gpf_error *err)
{
	size_t skip;
	int rc;

	while ((rc = text_lines_next(&c->text, err)) > 0) {
		skip = strspn(c->text.line, " \t");
		if (c->text.line[skip] != '\0' && c->text.line[skip] != ';')
			return 1;
	}
	return rc;
}

static int
parse_config(struct compiler *c, const char *word, unsigned long line,
	     enum lgpo_config *config, struct gpf_error *err)
{
	if (strcasecmp(word, "Computer") == 0)
		*config = LGPO_COMPUTER;
	else if (strcasecmp(word, "User") == 0)
		*config = LGPO_USER;
	else if (strncasecmp(word, "User:", 5) == 0)
		return syntax(c, line, err,
			      "'%s': per-user local "
			      "policy (User:NAME) has no registry.pol of a "
			      "GPO; use User",
			      word);
	else
		return syntax(c, line, err,
			      "expected Computer or User "
			      "to start a record, found '%.60s'",
			      word);
	return GPF_OK;
}

static int
parse_action(struct compiler *c, struct entry *e, struct gpf_error *err)
{
	char *line = c->fields[3], *colon = strchr(line, ':');
	size_t wlen = colon ? (size_t)(colon - line) : strlen(line);
	size_t i;

	/* Spaces around the action word are a typing slip, not meaning. */
	while (wlen > 0 && (line[wlen - 1] == ' ' || line[wlen - 1] == '\t'))
		wlen--;
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		if (strlen(actions[i].word) != wlen ||
		    strncasecmp(line, actions[i].word, wlen) != 0)
			continue;
		if (actions[i].has_data && colon == NULL)
			return syntax(c, e->action_line, err,
				      "%s needs data "
				      "after a ':'",
				      actions[i].word);
		if (!actions[i].has_data && colon != NULL)
			return syntax(c, e->action_line, err,
				      "%s takes no "
				      "data",
				      actions[i].word);
		e->action = actions[i].action;
		e->data = colon ? colon + 1 : NULL;
		return GPF_OK;
	}
	return syntax(c, e->action_line, err, "unknown action '%.40s'",
		      line + strspn(line, " \t"));
}

/*
 * Reads one record's four lines into e (pointing into c->fields).
 * Returns 1, 0 at end of file, or -1.
 */
static int
read_entry(struct compiler *c, struct entry *e, struct gpf_error *err)
{
	static const char *const what[] = { "a key", "a value name",
					    "an action" };
	const char *config;
	int i, rc;

	for (i = 0; i < 4; i++) {
		rc = next_line(c, err);
		if (rc < 0)
			return -1;
		if (rc == 0 && i == 0)
			return 0;
		if (rc == 0)
			return syntax(c, e->line, err,
				      "record is incomplete: "
				      "the file ends before %s",
				      what[i - 1]),
			       -1;
		free(c->fields[i]);
		c->fields[i] = gpf_xstrdup(c->text.line);
		if (i == 0)
			e->line = c->text.lineno;
	}
	e->action_line = c->text.lineno;

	config = c->fields[0] + strspn(c->fields[0], " \t");
	if (parse_config(c, config, e->line, &e->config, err) != GPF_OK ||
	    parse_action(c, e, err) != GPF_OK)
		return -1;
	e->key = c->fields[1];
	e->value = strcmp(c->fields[2], "(Default)") == 0 ? "" : c->fields[2];
	return 1;
}

/* Decimal or 0x hex, at most max; the whole text must be the number. */
static int
parse_number(const char *text, uint64_t max, uint64_t *out)
{
	const char *p = text + strspn(text, " \t");
	char *end;
	int base = 10;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16, p += 2;
	if (base == 10 ? !isdigit((unsigned char)*p)
		       : !isxdigit((unsigned char)*p))
		return -1;
	errno = 0;
	*out = strtoull(p, &end, base);
	end += strspn(end, " \t");
	if (errno != 0 || *end != '\0' || *out > max)
		return -1;
	return 0;
}

/* "00,ff,1a" (spaces allowed) into bytes; "" is no bytes. */
static int
parse_hex(const char *text, struct gpf_buf *out)
{
	const char *p = text;
	char *end;
	unsigned long byte;

	p += strspn(p, " \t");
	if (*p == '\0')
		return 0;
	for (;;) {
		p += strspn(p, " \t");
		if (!isxdigit((unsigned char)p[0]))
			return -1;
		byte = strtoul(p, &end, 16);
		if (end - p > 2)
			return -1;
		gpf_buf_putc(out, (unsigned char)byte);
		p = end + strspn(end, " \t");
		if (*p == '\0')
			return 0;
		if (*p++ != ',')
			return -1;
	}
}

/* Splits text at each literal \0 into a NULL-free string array. */
static char **
split_multi_sz(const char *text, size_t *count)
{
	char **list = NULL, *copy = gpf_xstrdup(text), *p = copy, *sep;
	size_t n = 0;

	for (;;) {
		list = gpf_xrealloc(list, (n + 1) * sizeof(*list));
		sep = strstr(p, "\\0");
		if (sep != NULL)
			*sep = '\0';
		list[n++] = gpf_xstrdup(p);
		if (sep == NULL)
			break;
		p = sep + 2;
	}
	free(copy);
	*count = n;
	return list;
}

static int
write_multi_sz(struct regpol_writer *w, const struct entry *e,
	       struct gpf_error *err)
{
	size_t i, n;
	char **list = split_multi_sz(e->data, &n);
	int status;

	status = regpol_write_multi_string(w, e->key, e->value,
					   (const char *const *)list, n, err);
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return status;
}

static int
write_number(struct compiler *c, struct regpol_writer *w, const struct entry *e,
	     struct gpf_error *err)
{
	uint64_t max = e->action == ACT_QWORD ? UINT64_MAX : UINT32_MAX;
	uint64_t n;

	if (parse_number(e->data, max, &n) < 0)
		return syntax(c, e->action_line, err,
			      "'%.40s' is not a "
			      "number (decimal or 0x hex) in range",
			      e->data);
	if (e->action == ACT_QWORD)
		return regpol_write_qword(w, e->key, e->value, n, err);
	if (e->action == ACT_DWORDBE)
		return regpol_write_dword_big_endian(w, e->key, e->value,
						     (uint32_t)n, err);
	return regpol_write_dword(w, e->key, e->value, (uint32_t)n, err);
}

static int
write_bytes(struct compiler *c, struct regpol_writer *w, const struct entry *e,
	    struct gpf_error *err)
{
	struct gpf_buf bytes = { 0 };
	int status;

	if (parse_hex(e->data, &bytes) < 0)
		status = syntax(c, e->action_line, err,
				"'%.40s' is not "
				"comma-separated hex bytes",
				e->data);
	else if (bytes.len > REGPOL_MAX_DATA)
		status = syntax(c, e->action_line, err,
				"%sdata is over the "
				"limit of 65535 bytes",
				"");
	else
		status =
		    regpol_write(w, e->key, e->value,
				 e->action == ACT_NONE ? REG_NONE : REG_BINARY,
				 bytes.data, (uint32_t)bytes.len, err);
	gpf_buf_free(&bytes);
	return status;
}

static int
write_entry(struct compiler *c, struct regpol_writer *w, const struct entry *e,
	    struct gpf_error *err)
{
	switch (e->action) {
	case ACT_DWORD:
	case ACT_QWORD:
	case ACT_DWORDBE: return write_number(c, w, e, err);
	case ACT_SZ:
		return regpol_write_string(w, e->key, e->value, REG_SZ, e->data,
					   err);
	case ACT_EXSZ:
		return regpol_write_string(w, e->key, e->value, REG_EXPAND_SZ,
					   e->data, err);
	case ACT_MULTISZ: return write_multi_sz(w, e, err);
	case ACT_BINARY:
	case ACT_NONE: return write_bytes(c, w, e, err);
	case ACT_DELETE:
		return regpol_write_delete_value(w, e->key, e->value, err);
	case ACT_DELETEALLVALUES:
		return regpol_write_delete_all_values(w, e->key, err);
	case ACT_CREATEKEY: return regpol_write_create_key(w, e->key, err);
	case ACT_DELETEKEYS:
		return regpol_write_delete_keys(w, e->key, e->value, err);
	case ACT_CLEAR: break;
	}
	return GPF_OK;
}

/* The '*' value line belongs to whole-key actions and only to them. */
static int
check_value_line(struct compiler *c, const struct entry *e,
		 struct gpf_error *err)
{
	int whole_key =
	    e->action == ACT_DELETEALLVALUES || e->action == ACT_CREATEKEY;

	if (whole_key && strcmp(e->value, "*") != 0)
		return syntax(c, e->line + 2, err,
			      "expected '*' as the value "
			      "name of %s",
			      whole_key && e->action == ACT_CREATEKEY
				  ? "CREATEKEY"
				  : "DELETEALLVALUES");
	if (e->action == ACT_DELETE && strcmp(e->value, "*") == 0)
		return syntax(c, e->line + 2, err,
			      "%sDELETE needs a value "
			      "name; use DELETEALLVALUES for '*'",
			      "");
	return GPF_OK;
}

/*
 * Whether e belongs in the output: 1 yes, 0 skipped (another
 * configuration), -1 error (a file mixing both without --config).
 */
static int
config_wanted(struct compiler *c, const struct entry *e, struct gpf_error *err)
{
	char what[160];

	if (c->want != LGPO_ANY)
		return e->config == c->want;
	if (c->first_config == LGPO_ANY) {
		c->first_config = e->config;
		c->first_line = e->line;
	}
	if (e->config == c->first_config)
		return 1;
	snprintf(what, sizeof(what),
		 "%%s record in a file whose first record "
		 "(line %lu) is %s; choose one with --config",
		 c->first_line, lgpo_config_name(c->first_config));
	syntax(c, e->line, err, what, lgpo_config_name(e->config));
	return -1;
}

static void
add_clear(struct compiler *c, const struct entry *e)
{
	struct clear *cl;

	c->clears =
	    gpf_xrealloc(c->clears, (c->nclears + 1) * sizeof(*c->clears));
	cl = &c->clears[c->nclears++];
	cl->line = e->line;
	cl->config = e->config;
	cl->key = gpf_xstrdup(e->key);
	cl->value = gpf_xstrdup(e->value);
}

/* Whether a CLEAR further down names the value e writes. */
static int
cleared_later(const struct compiler *c, const struct entry *e)
{
	const char *target = e->value + regpol_special_prefix(e->value);
	size_t i;

	for (i = 0; i < c->nclears; i++) {
		const struct clear *cl = &c->clears[i];

		if (cl->line > e->line && cl->config == e->config &&
		    strcasecmp(cl->key, e->key) == 0 &&
		    (strcmp(cl->value, "*") == 0 ||
		     strcasecmp(cl->value, target) == 0))
			return 1;
	}
	return 0;
}

/* Puts "line N" into a writer's message, which names only the file. */
static int
at_line(struct compiler *c, const struct entry *e, int status,
	struct gpf_error *err)
{
	char inner[GPF_MESSAGE_MAX];
	size_t n = strlen(c->name);

	if (status == GPF_OK || strncmp(err->message, c->name, n) != 0 ||
	    strncmp(err->message + n, ": line ", 7) == 0)
		return status;
	snprintf(inner, sizeof(inner), "%s", err->message + n + 2);
	return gpf_fail(err, status, "%s: line %lu: %s", c->name,
			e->action_line, inner);
}

/*
 * One pass over the text.  The first pass writes everything and notes
 * CLEARs; the second (filtering) drops records a later CLEAR undoes.
 */
static int
compile_pass(struct compiler *c, FILE *out, int filtering,
	     struct gpf_error *err)
{
	struct regpol_writer *w;
	struct entry e;
	int rc, status;

	status = regpol_writer_new(&w, out, c->name, err);
	while (status == GPF_OK && (rc = read_entry(c, &e, err)) != 0) {
		if (rc < 0 || (rc = config_wanted(c, &e, err)) < 0) {
			status = err->status;
			break;
		}
		if (rc == 0)
			continue;
		status = check_value_line(c, &e, err);
		if (status != GPF_OK)
			break;
		if (e.action == ACT_CLEAR && !filtering)
			add_clear(c, &e);
		if (e.action == ACT_CLEAR ||
		    (filtering && cleared_later(c, &e)))
			continue;
		status = at_line(c, &e, write_entry(c, w, &e, err), err);
	}
	if (status == GPF_OK)
		status = regpol_writer_finish(w, err);
	regpol_writer_free(w);
	return status;
}

static int
restart(struct compiler *c, FILE *out, const char *outname,
	struct gpf_error *err)
{
	if (fflush(out) != 0 || ftruncate(fileno(out), 0) != 0 ||
	    fseek(out, 0, SEEK_SET) != 0)
		return gpf_fail(err, GPF_IOERR, "%s: %s", outname,
				strerror(errno));
	c->first_config = LGPO_ANY;
	return text_lines_rewind(&c->text, err);
}

/* Both passes over c's open text, then what the compiler owns freed. */
static int
compile(struct compiler *c, FILE *out, const char *outname,
	struct gpf_error *err)
{
	size_t i;
	int status;

	status = compile_pass(c, out, 0, err);
	if (status == GPF_OK && c->nclears > 0) {
		status = restart(c, out, outname, err);
		if (status == GPF_OK)
			status = compile_pass(c, out, 1, err);
	}

	for (i = 0; i < c->nclears; i++) {
		free(c->clears[i].key);
		free(c->clears[i].value);
	}
	for (i = 0; i < 4; i++)
		free(c->fields[i]);
	free(c->clears);
	text_lines_close(&c->text);
	return status;
}

int
lgpo_compile(const char *path, const char *name, enum lgpo_config config,
	     FILE *out, const char *outname, struct gpf_error *err)
{
	struct compiler c;
	int status;

	memset(&c, 0, sizeof(c));
	c.name = name ? name : path;
	c.want = config;
	status = text_lines_open(&c.text, path, c.name, err);
	if (status != GPF_OK)
		return status;
	return compile(&c, out, outname, err);
}

int
lgpo_compile_text(const char *text, size_t len, const char *name,
		  enum lgpo_config config, FILE *out, const char *outname,
		  struct gpf_error *err)
{
	FILE *in = fmemopen((void *)text, len, "r");
	struct compiler c;

	if (in == NULL)
		return gpf_fail(err, GPF_IOERR, "%s: %s", name,
				strerror(errno));
	memset(&c, 0, sizeof(c));
	c.name = name;
	c.want = config;
	text_lines_open_stream(&c.text, in, name);
	return compile(&c, out, outname, err);
}

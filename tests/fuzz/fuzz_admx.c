/*
 * fuzz_admx.c - the ADMX and ADML loader (src/admx.h, src/adml.h).
 *
 * Input: an ADMX, then optionally the 6 bytes "\0ADML\0" and an ADML
 * (NUL cannot occur in UTF-8 XML, and in UTF-16 text these bytes would
 * take two particular CJK characters in a row).  A template that loads
 * is walked as "admx show" and "admx lint --intune" walk it: category
 * paths, names, controls and the registry writes of every policy.
 */
#include "admx_lint.h"
#include "fuzz.h"
#include "policy.h"

#include <string.h>

static const char separator[] = "\0ADML\0";
#define SEPARATOR_LEN (sizeof(separator) - 1)

static void
show_writes(const struct admx_policy *p, enum policy_state state)
{
	struct policy_setting s = { p, state,
				    p->class == ADMX_MACHINE ? ADMX_MACHINE
							     : ADMX_USER,
				    NULL, 0 };
	struct regop_list ops = { 0 };
	struct gpf_error err;

	policy_registry_ops(&s, &ops, &err);
	regops_describe(&ops, fuzz_sink(), "  ");
	regops_free(&ops);
}

static void
show_policy(const struct admx_set *set, const struct admx_policy *p)
{
	struct gpf_buf path = { 0 };
	struct gpf_error err;
	size_t i;

	fputs(admx_policy_display_name(p), fuzz_sink());
	admx_category_path(p->category, '~', &path);
	admx_category_display_path(p->category, " > ", &path);
	admx_find_policy(set, p->name, &err);
	for (i = 0; i < p->element_count; i++)
		admx_element_control(p, &p->elements[i]);
	show_writes(p, POLICY_ENABLED);
	show_writes(p, POLICY_DISABLED);
	gpf_buf_free(&path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *sep = memmem(data, size, separator, SEPARATOR_LEN);
	struct admx_text admx = { "fuzz.admx", data, size }, adml;
	struct lint_report report = { 0 };
	struct admx_set *set;
	struct gpf_error err;
	size_t i, j;

	if (sep != NULL) {
		admx.len = (size_t)(sep - data);
		adml.name = "fuzz.adml";
		adml.data = sep + SEPARATOR_LEN;
		adml.len = size - admx.len - SEPARATOR_LEN;
	}
	if (admx_load_memory(&set, &admx, sep ? &adml : NULL, &err) != GPF_OK)
		return 0;
	for (i = 0; i < set->file_count; i++)
		for (j = 0; j < set->files[i]->policy_count; j++)
			show_policy(set, &set->files[i]->policies[j]);
	admx_lint(set, 1, &report);
	lint_report_free(&report);
	admx_set_free(set);
	return 0;
}

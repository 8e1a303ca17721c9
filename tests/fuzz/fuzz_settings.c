/*
 * fuzz_settings.c - the settings-file parser (src/settings.h).
 *
 * Input: a settings file, checked against a fixed template: the test
 * suite's coverage.admx (every element type), compiled in by
 * tests/fuzz/embed.sh.  Settings that load are turned into registry
 * writes and registry.pol files, as "admx apply" does.
 */
#include "fuzz.h"
#include "policy.h"
#include "settings.h"

extern const unsigned char fuzz_coverage_admx[], fuzz_coverage_adml[];
extern const size_t fuzz_coverage_admx_size, fuzz_coverage_adml_size;

static const struct admx_set *
coverage_set(void)
{
	static struct admx_set *set;
	struct admx_text admx = { "coverage.admx", fuzz_coverage_admx,
				  fuzz_coverage_admx_size };
	struct admx_text adml = { "coverage.adml", fuzz_coverage_adml,
				  fuzz_coverage_adml_size };
	struct gpf_error err;

	if (set == NULL && admx_load_memory(&set, &admx, &adml, &err) != 0) {
		fprintf(stderr, "%s\n", err.message);
		abort();
	}
	return set;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct regop_list ops = { 0 };
	struct settings settings;
	struct gpf_error err;
	size_t i;
	int status;

	status = settings_load_text(&settings, (const char *)data, size,
				    "fuzz.ini", coverage_set(), &err);
	for (i = 0; status == GPF_OK && i < settings.count; i++)
		status = policy_registry_ops(&settings.items[i], &ops, &err);
	if (status == GPF_OK) {
		regops_write_pol(&ops, ADMX_USER, fuzz_sink(), "User.pol",
				 &err);
		regops_write_pol(&ops, ADMX_MACHINE, fuzz_sink(), "Machine.pol",
				 &err);
	}
	regops_free(&ops);
	settings_free(&settings);
	return 0;
}

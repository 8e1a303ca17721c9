# tests/deploy/local.mk: included by the top Makefile.am (still one Makefile).

# "gpforge deploy" against a throwaway Samba AD DC on loopback (root,
# unshare and the Samba packages; it skips where they are missing), and
# the proof that its checks can fail, against a second DC.
SHELL_TESTS += tests/deploy/deploy_ad.sh tests/deploy/deploy_ad_self.sh
EXTRA_DIST += tests/deploy/samba_dc.sh tests/deploy/gpo_check.py \
	tests/deploy/gp_outlook_rsop.py bench/deploy.sh

# make distcheck builds the tarball in $(distdir)/_build/sub and runs
# every test again.  The DC test takes minutes and make check has just
# run it on the same sources, so there it skips; GPFORGE_AD_TEST=run in
# the environment makes it run anyway.
AM_TESTS_ENVIRONMENT += \
	case '$(abs_top_builddir)' in \
	*/$(distdir)/_build/sub) : "$${GPFORGE_AD_TEST=distcheck}" ;; \
	esac; export GPFORGE_AD_TEST;

#!/bin/sh
# deploy_ad_self.sh - deploy_ad.sh --self-test, for make check, which
# runs tests without arguments: it proves that the checks the deploy
# test relies on (the snapshot, gpo_check.py, the --rsop comparison)
# fail on each kind of wrong state, against a DC of its own.
exec bash "$(dirname "$0")/deploy_ad.sh" --self-test

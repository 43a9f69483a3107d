#!/usr/bin/env bash
# npm test's check of the drop-in nightly pipelines (ci/): validates the GitHub workflow and runs the
# GitLab pipeline under gitlab-ci-local against the embedded simulator (scripts/ci-pipelines.ts).
# gitlab-ci-local copies each job's files with rsync: installed here like setup.sh installs chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v rsync >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "ci-pipelines: installing Debian's rsync with apt-get (gitlab-ci-local needs it)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq rsync >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq rsync >/dev/null; }
  else
    echo "ci-pipelines: rsync is missing; install it with: sudo apt-get update && sudo apt-get install -y rsync" >&2
    exit 1
  fi
fi

npx tsx scripts/ci-pipelines.ts

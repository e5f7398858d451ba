#!/bin/sh
# deps.sh PKG_CONFIG "PKGS" "DEBIAN PACKAGES" "TOOL:PACKAGE ..." ["MODULE:PACKAGE ..."]
# Install what is missing with apt-get when root; otherwise say what to run.
# A MODULE is a Python module that Debian's python3 (/usr/bin/python3, where
# the python3-* packages install) must import; a python3 first on the PATH
# (pyenv, a virtualenv) is not the one the packages fill.
pkg_config=$1 pkgs=$2 debs=$3 tools=$4 pymods=$5
missing=
command -v "$pkg_config" >/dev/null 2>&1 || missing="pkgconf"
command -v cc >/dev/null 2>&1 || missing="$missing gcc make"
set -- $debs
for p in $pkgs; do
	if [ -z "$missing" ] || command -v "$pkg_config" >/dev/null 2>&1; then
		"$pkg_config" --exists "$p" 2>/dev/null || missing="$missing $1"
	else
		missing="$missing $1"
	fi
	shift
done
for t in $tools; do
	command -v "${t%%:*}" >/dev/null 2>&1 || missing="$missing ${t#*:}"
done
for m in $pymods; do
	/usr/bin/python3 -c "import ${m%%:*}" >/dev/null 2>&1 || missing="$missing ${m#*:}"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
		{ echo "error: apt-get could not install:$missing" >&2; exit 1; }
	exit 0
fi
echo "error: missing packages:$missing" >&2
echo "install them with:" >&2
echo "    sudo apt-get install$missing" >&2
exit 1

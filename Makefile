# crisis: build, test, install.
#
#   make            build ./crisis and libcrisis.a
#   make demo       build, then validate and summarise plans/examples/
#   make check      build, then run every test (unit, CLI, bad inputs)
#   make check SANITIZE=1   the same under AddressSanitizer and UBSan
#   make bench      generate corpora and print the figures
#   make json-schemas   make schemas/*.schema.json again from the XSDs and man pages
#   make install    PREFIX=/usr/local DESTDIR=
#
# Missing -dev packages are installed with apt-get when run as root;
# otherwise the command to run is printed.

# A target whose recipe fails (or is interrupted) is removed, never left half written.
.DELETE_ON_ERROR:

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/crisis
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d

PKG_CONFIG ?= pkg-config
PKGS = yaml-0.1 libxml-2.0 sqlite3 libgit2 ncursesw icu-uc
TEST_PKGS = cmocka
# The binary's allocator. Every plan becomes a libxml2 tree of small blocks,
# allocated and freed all together; jemalloc does that work about 15% faster
# than glibc's malloc (make bench). Not under the sanitizers, which bring
# their own, nor in the test programs.
ALLOC_PKGS = jemalloc
# The binary links these libraries statically (STATIC=1, the default): it is
# one file that runs on a machine without them, and it starts in about 8 ms
# instead of 17, since mapping and relocating 29 shared libraries was most of
# a short run such as `plan log` (make bench). ICU, which libxml2 uses, needs
# libstdc++: linked statically too when its archive is there (g++), else the
# runtime library every Debian system has, libstdc++.so.6. Left
# shared: glibc, and GSSAPI, which Debian's libgit2.a calls for HTTP
# authentication without saying so in libgit2.pc, as libssh2.a's libcrypto is
# missing from it too (hence STATIC_PKGS). STATIC=0 links everything shared.
STATIC_PKGS = liblzma libcrypto
STATIC_CXX = $(if $(filter /%,$(shell $(CC) -print-file-name=libstdc++.a)),static,shared)
STATIC_SHARED = -l:libgssapi_krb5.so.2
SYSTEM_LIBS = -lm -lrt -ldl -lpthread
# pkg-config name -> Debian package, for the install hint.
DEB_yaml-0.1 = libyaml-dev
DEB_libxml-2.0 = libxml2-dev
DEB_sqlite3 = libsqlite3-dev
DEB_libgit2 = libgit2-dev
DEB_ncursesw = libncurses-dev
DEB_icu-uc = libicu-dev
DEB_cmocka = libcmocka-dev
DEB_jemalloc = libjemalloc-dev
DEB_liblzma = liblzma-dev
DEB_libcrypto = libssl-dev
# Tools the tests use besides the libraries; chromium and poppler-utils print
# the binders to PDF and read them back (tests/cli/test-render.sh).
TEST_TOOLS = xmllint:libxml2-utils jq:jq jsonschema:python3-jsonschema tmux:tmux \
	pre-commit:pre-commit chromium:chromium pdftotext:poppler-utils
# Python modules the tests import with Debian's /usr/bin/python3: MODULE:PACKAGE.
TEST_PYMODS = icalendar:python3-icalendar yaml:python3-yaml jsonschema:python3-jsonschema

ifeq ($(SANITIZE),1)
O = build/san
BIN = $(O)/crisis
SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ALLOC_PKGS =
STATIC = 0
else
O = build/release
BIN = crisis
SAN =
endif
ifeq ($(CI),true)
WERROR ?= 1
endif

CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes -Wformat=2 \
	-Wno-format-nonliteral
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif
DEP_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
DEP_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
STATIC ?= 1
ifeq ($(STATIC),1)
LINK_PKGS = $(PKGS) $(ALLOC_PKGS) $(STATIC_PKGS)
BIN_LIBS = -Wl,-Bstatic $(filter-out $(SYSTEM_LIBS),$(shell $(PKG_CONFIG) --static \
	--libs-only-l $(LINK_PKGS) 2>/dev/null)) $(if $(filter static,$(STATIC_CXX)),-lstdc++) \
	-Wl,-Bdynamic $(STATIC_SHARED) $(if $(filter shared,$(STATIC_CXX)),-l:libstdc++.so.6,-static-libgcc) \
	$(SYSTEM_LIBS)
else
LINK_PKGS = $(PKGS) $(ALLOC_PKGS)
BIN_LIBS = $(shell $(PKG_CONFIG) --libs $(LINK_PKGS) 2>/dev/null)
endif
ALL_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Ilib $(WARNINGS) $(SAN) \
	$(CFLAGS) $(DEP_CFLAGS) -MMD -MP
# New plans and drills name the JSON Schema where `make install` puts it.
$(O)/lib/plan/template.o $(O)/lib/drill/generate.o: \
	ALL_CFLAGS += -DCRISIS_SCHEMADIR='"$(DATADIR)/schemas"'
ALL_LDFLAGS = $(SAN) $(LDFLAGS) -pthread -Wl,--as-needed

LIB_SRC = $(wildcard lib/*.c lib/*/*.c)
CMD_SRC = $(wildcard cmd/*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(O)/%.o)
CMD_OBJ = $(CMD_SRC:%.c=$(O)/%.o)
LIBCRISIS = $(O)/libcrisis.a

UNIT_SRC = $(wildcard tests/unit/*/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
# System calls the unit tests can make fail (see tests/unit/mock.h).
WRAP = fopen fread ferror
WRAP_FLAGS = $(WRAP:%=-Wl,--wrap=%)

BENCH_BIN = $(O)/bench/gen $(O)/bench/yamlparse $(O)/bench/measure $(O)/bench/journalfloor \
	$(O)/bench/searchfloor
# The fuzz targets (tests/fuzz/fuzz_NAME.c), replayed on their seeds by
# `make check` (tests/fuzz/replay.c).
FUZZ_TARGETS = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BIN = $(FUZZ_TARGETS:%=$(O)/tests/replay_%)

.PHONY: all build demo check test unit cli deps deps-test deps-fuzz bench fuzz install uninstall \
	clean json-schemas
.DEFAULT_GOAL := all

all: deps
	@$(MAKE) --no-print-directory build

build: $(BIN) $(LIBCRISIS)

$(BIN): $(CMD_OBJ) $(LIBCRISIS)
	$(CC) -o $@ $(CMD_OBJ) $(LIBCRISIS) $(ALL_LDFLAGS) $(BIN_LIBS)

$(LIBCRISIS): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(O)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The schemas and the plan templates are compiled into the binary.
$(O)/lib/check/embedded.o: $(wildcard schemas/*.xsd plans/templates/*.yaml)

# The JSON Schemas for editors are made from the XSDs (the structure) and the
# file-format man pages (each key's help), so neither is written twice;
# tests/cli/test-json-schema.sh fails when the committed files are not these.
json-schemas:
	/usr/bin/python3 tests/schemas/json-schema.py schemas

demo: deps
	@$(MAKE) --no-print-directory build
	./$(BIN) plan validate --strict plans/examples
	@# Each plan at a glance (the drills and debriefs beside them are checked above).
	@for f in plans/examples/*.yaml; do \
		case $$(sed -n 's/^kind: *//p' "$$f") in pca|pra) ;; *) continue ;; esac; \
		./$(BIN) plan show "$$f" || exit 1; echo; \
	done

check: deps-test
	@$(MAKE) --no-print-directory test

test: build $(UNIT_BIN) $(REPLAY_BIN)
	@CRISIS=$(BIN) CRISIS_STATIC=$(STATIC) O=$(O) sh tests/run.sh $(UNIT_BIN)

$(O)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(LIBCRISIS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay.c $(LIBCRISIS) $(ALL_LDFLAGS) $(DEP_LIBS)

$(O)/tests/%: tests/unit/%.c tests/unit/mock.c tests/unit/unit.c $(LIBCRISIS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS)) -o $@ $< tests/unit/mock.c \
		tests/unit/unit.c \
		$(LIBCRISIS) $(WRAP_FLAGS) $(ALL_LDFLAGS) $(DEP_LIBS) \
		$(shell $(PKG_CONFIG) --libs $(TEST_PKGS))

bench: deps
	@$(MAKE) --no-print-directory build $(BENCH_BIN)
	@bash tests/bench/bench.sh $(BIN) $(O)/bench

$(O)/bench/%: tests/bench/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(ALL_LDFLAGS) $(DEP_LIBS)

# Coverage-guided fuzzing with libFuzzer (clang): each target of
# tests/fuzz/ for FUZZ_SECONDS, then its corpus replayed in a coverage
# build and the coverage of the files it aims at printed as a table
# (tests/fuzz/fuzz.sh). make fuzz FUZZ_SECONDS=60 (each). Crashes are left
# in build/fuzz/; `make check` replays them, and its corpus.
FUZZ_SECONDS ?= 60
FUZZ_O = build/fuzz
FUZZ_CC = clang
FUZZ_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Ilib -g -O1 $(DEP_CFLAGS) \
	-MMD -MP
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_COV = -fprofile-instr-generate -fcoverage-mapping
FUZZ_OBJ = $(LIB_SRC:%.c=$(FUZZ_O)/san/%.o)
COVER_OBJ = $(LIB_SRC:%.c=$(FUZZ_O)/cov/%.o)
FUZZ_BIN = $(FUZZ_TARGETS:%=$(FUZZ_O)/fuzz_%) $(FUZZ_TARGETS:%=$(FUZZ_O)/cover_%)
# Tools the fuzzing needs besides the libraries (Debian 12: llvm-14).
FUZZ_TOOLS = clang:clang llvm-profdata-14:llvm-14 llvm-cov-14:llvm-14

fuzz: deps-fuzz
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/fuzz.sh $(FUZZ_O) $(FUZZ_TARGETS)

$(FUZZ_O)/san/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_O)/cov/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_COV) -c -o $@ $<

$(FUZZ_O)/san/lib/check/embedded.o $(FUZZ_O)/cov/lib/check/embedded.o: \
	$(wildcard schemas/*.xsd plans/templates/*.yaml)

$(FUZZ_O)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(DEP_LIBS) -pthread

$(FUZZ_O)/cover_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(COVER_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_COV) -o $@ $< tests/fuzz/replay.c $(COVER_OBJ) $(DEP_LIBS) \
		-pthread

# Install what a fresh Debian machine lacks, or say how.
deps:
	@sh tests/deps.sh "$(PKG_CONFIG)" "$(LINK_PKGS)" \
		"$(foreach p,$(LINK_PKGS),$(DEB_$(p)))" ""
deps-test:
	@sh tests/deps.sh "$(PKG_CONFIG)" "$(LINK_PKGS) $(TEST_PKGS)" \
		"$(foreach p,$(LINK_PKGS) $(TEST_PKGS),$(DEB_$(p)))" "$(TEST_TOOLS)" "$(TEST_PYMODS)"
deps-fuzz:
	@sh tests/deps.sh "$(PKG_CONFIG)" "$(PKGS)" "$(foreach p,$(PKGS),$(DEB_$(p)))" "$(FUZZ_TOOLS)"

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(DATADIR)/schemas $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(FISHCOMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/crisis
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 schemas/*.xsd schemas/*.schema.json $(DESTDIR)$(DATADIR)/schemas/
	install -m 644 completions/crisis.bash $(DESTDIR)$(BASHCOMPDIR)/crisis
	install -m 644 completions/_crisis $(DESTDIR)$(ZSHCOMPDIR)/_crisis
	install -m 644 completions/crisis.fish $(DESTDIR)$(FISHCOMPDIR)/crisis.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/crisis $(DESTDIR)$(BASHCOMPDIR)/crisis \
		$(DESTDIR)$(ZSHCOMPDIR)/_crisis $(DESTDIR)$(FISHCOMPDIR)/crisis.fish
	rm -f $(patsubst man/%,$(DESTDIR)$(MANDIR)/man1/%,$(wildcard man/*.1))
	rm -f $(patsubst man/%,$(DESTDIR)$(MANDIR)/man5/%,$(wildcard man/*.5))
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build crisis

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d) $(wildcard $(FUZZ_O)/*/lib/*/*.d $(FUZZ_O)/*/lib/*.d)

# Build, install and test chatterm.
#
#   make                                  release binary, man page and shell completions in .build
#   make install [PREFIX=/usr/local]      the same, then install them under $(DESTDIR)$(PREFIX)
#   make uninstall [PREFIX=/usr/local]    remove exactly what install wrote
#   make test                             the test suite, as CI runs it
#   make format                           rewrite Package.swift, Sources and Tests in the committed
#                                         .swift-format style
#   make lint                             the style check CI runs (swift format lint --strict)
#   make conformance                      set up llama-cpp-python's server, then run only the
#                                         conformance tests against it
#   make bench                            every benchmark with a budget figure (Benchmarks/run.sh)
#
# install writes PREFIX/bin/chatterm, the themes into PREFIX/share/chatterm/themes (where the
# installed binary looks: PREFIX is the folder above its bin/), completions for bash, zsh and
# fish where those shells look, and the man page chatterm.1, which swift-argument-parser's
# generate-manual plugin writes from the binary's own help. Everything is built only when
# missing or older than the sources, so `make && sudo make install` runs no build as root.
#
# conformance runs Tests/Conformance/setup.sh first: a virtual environment in .build-conformance
# with llama-cpp-python's OpenAI server from PyPI (the first time, pip compiles llama.cpp: about
# 7 minutes on two cores) and a tiny random-weight model the project writes itself; later runs
# take a second. `make test` runs the conformance tests too once this is set up, and skips
# them otherwise (CHATTERM_CONFORMANCE=required, as CI sets it, makes that a failure).
#
# CONFIGURATION=debug builds and installs a debug build; SCRATCH is SwiftPM's build folder
# (--scratch-path). BINARY=FILE and MANUAL=FILE install those files as they are, building
# neither: for packagers with a build of their own, and for the tests, which run inside
# `swift test` and so must not start SwiftPM (it waits for the build folder's lock that
# `swift test` holds). COMPLETIONS is the folder the completion scripts are written to first.

PREFIX ?= /usr/local
DESTDIR ?=
CONFIGURATION ?= release
SWIFT ?= swift
SCRATCH ?= .build

BUILT_BINARY = $(SCRATCH)/$(CONFIGURATION)/chatterm
BUILT_MANUAL = $(SCRATCH)/plugins/GenerateManual/outputs/chatterm/chatterm.1
BINARY ?= $(BUILT_BINARY)
MANUAL ?= $(BUILT_MANUAL)
COMPLETIONS ?= $(SCRATCH)/completions/$(CONFIGURATION)
BASH_COMPLETION = $(COMPLETIONS)/chatterm
ZSH_COMPLETION = $(COMPLETIONS)/_chatterm
FISH_COMPLETION = $(COMPLETIONS)/chatterm.fish

ROOT = $(DESTDIR)$(PREFIX)
BINDIR = $(ROOT)/bin
THEMEDIR = $(ROOT)/share/chatterm/themes
BASHDIR = $(ROOT)/share/bash-completion/completions
ZSHDIR = $(ROOT)/share/zsh/site-functions
FISHDIR = $(ROOT)/share/fish/vendor_completions.d
MANDIR = $(ROOT)/share/man/man1

THEMES = $(notdir $(wildcard themes/*.json))
SOURCES = Package.swift $(shell find Sources -type f)

.PHONY: all install uninstall test format lint conformance bench

all: $(BINARY) $(MANUAL) $(BASH_COMPLETION) $(ZSH_COMPLETION) $(FISH_COMPLETION)

$(BUILT_BINARY): $(SOURCES)
	$(SWIFT) build --scratch-path $(SCRATCH) -c $(CONFIGURATION) --product chatterm

# The plugin builds the package in CONFIGURATION (nothing left to do after the binary), then
# turns the binary's --experimental-dump-help into mdoc.
$(BUILT_MANUAL): $(BUILT_BINARY)
	$(SWIFT) package --scratch-path $(SCRATCH) plugin generate-manual --configuration $(CONFIGURATION)

$(COMPLETIONS):
	mkdir -p $@

$(BASH_COMPLETION): $(BINARY) | $(COMPLETIONS)
	$(BINARY) --generate-completion-script bash > $@

$(ZSH_COMPLETION): $(BINARY) | $(COMPLETIONS)
	$(BINARY) --generate-completion-script zsh > $@

$(FISH_COMPLETION): $(BINARY) | $(COMPLETIONS)
	$(BINARY) --generate-completion-script fish > $@

install: all
	install -d $(BINDIR) $(THEMEDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR) $(MANDIR)
	install -m 755 $(BINARY) $(BINDIR)/chatterm
	install -m 644 $(addprefix themes/,$(THEMES)) $(THEMEDIR)
	install -m 644 $(BASH_COMPLETION) $(BASHDIR)/chatterm
	install -m 644 $(ZSH_COMPLETION) $(ZSHDIR)/_chatterm
	install -m 644 $(FISH_COMPLETION) $(FISHDIR)/chatterm.fish
	install -m 644 $(MANUAL) $(MANDIR)/chatterm.1

# The files install wrote, then the folders it may have made, deepest first, each only when
# nothing else is left in it (PREFIX itself stays).
uninstall:
	rm -f $(BINDIR)/chatterm $(addprefix $(THEMEDIR)/,$(THEMES)) $(BASHDIR)/chatterm \
		$(ZSHDIR)/_chatterm $(FISHDIR)/chatterm.fish $(MANDIR)/chatterm.1
	for folder in $(THEMEDIR) $(ROOT)/share/chatterm $(BASHDIR) $(ROOT)/share/bash-completion \
		$(ZSHDIR) $(ROOT)/share/zsh $(FISHDIR) $(ROOT)/share/fish $(MANDIR) $(ROOT)/share/man \
		$(ROOT)/share $(BINDIR); do \
		if [ -d "$$folder" ]; then rmdir "$$folder" 2>/dev/null || true; fi; \
	done

test:
	$(SWIFT) test --disable-swift-testing

FORMATTED = Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive $(FORMATTED)

lint:
	$(SWIFT) format lint --strict --recursive $(FORMATTED)

conformance:
	Tests/Conformance/setup.sh
	CHATTERM_CONFORMANCE=required $(SWIFT) test --disable-swift-testing --filter ConformanceTests

bench:
	Benchmarks/run.sh

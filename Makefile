# EEGScope — the two quick-start commands are `make demo` and `make test`.
SWIFT ?= swift
DEMO_DIR ?= demo-output

.PHONY: demo test deps build release bench clean

## Install what is missing (FFTW, pkg-config), build, and run the main job on SampleData.
demo: deps release
	.build/release/eegscope demo --output $(DEMO_DIR)

## Install what is missing and run the whole test suite (CI runs exactly this).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

bench: release
	.build/release/eegscope bench all

clean:
	rm -rf .build $(DEMO_DIR)

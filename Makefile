# pushsim — run `make help` for the targets.

GO        ?= go
SCENARIOS ?=
SEED      ?=
REPORT_DIR ?= reports/out
LABELS    ?=
PARALLEL  ?=
PKGS      := ./...
export TESTCONTAINERS_RYUK_DISABLED := true
export TESTCONTAINERS_HOST_OVERRIDE := 127.0.0.1
# Browser checks write their screenshots here (a CI artifact).
export PUSHSIM_ARTIFACTS ?= $(CURDIR)/artifacts

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-12s %s\n", $$1, $$2}'

.PHONY: build
build: ## Build bin/pushsim
	CGO_ENABLED=0 $(GO) build -o bin/pushsim ./cmd/pushsim

.PHONY: run
run: build ## Run the scenario catalog in virtual time with pushsim run (SCENARIOS='<files, folders or globs>' SEED=<n> REPORT_DIR=<dir> LABELS=<filter> PARALLEL=<n>)
	./bin/pushsim run --report-dir '$(REPORT_DIR)' $(if $(SEED),--seed '$(SEED)') $(if $(LABELS),--labels '$(LABELS)') $(if $(PARALLEL),--parallel '$(PARALLEL)') $(or $(SCENARIOS),scenarios/catalog)

.PHONY: test
test: ## Every test tier this machine can run: vet, unit and scenarios with -race
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 -shuffle=on $(PKGS)

.PHONY: lint
lint: ## gofmt, vet and tidiness checks
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	$(GO) vet $(PKGS)
	$(GO) mod tidy -diff

.PHONY: bench
bench: ## Benchmarks (simulated minutes per wall second, cost of a 10,000-phone fleet)
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)
	PUSHSIM_BENCH=50 $(GO) test -count=1 -run '^TestThroughput$$' -v ./harness/ | grep -E "simulated|ok"
	PUSHSIM_FLEET=10000 $(GO) test -count=1 -timeout 30m -run '^TestFleetCost$$' -v ./harness/ | grep -E "fleet|ok"

.PHONY: fuzz
fuzz: ## Run every fuzz target for 10s each
	@for pkg in $$($(GO) list $(PKGS)); do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime 10s $$pkg || exit 1; \
		done; \
	done

.PHONY: serve
serve: build ## Run pushsim serve on 127.0.0.1:4780
	./bin/pushsim serve --listen 127.0.0.1:4780

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: image
image: ## Build the pushsim/pushsim image (static binary on an empty base)
	@mkdir -p bin
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-X main.version=$(VERSION)" -o bin/pushsim ./cmd/pushsim
	docker build -t pushsim/pushsim:latest -t pushsim/pushsim:$(VERSION) -f harness/container/Dockerfile bin/

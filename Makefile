# pushsim — run `make help` for the targets.

GO        ?= go
SCENARIOS ?=
SEED      ?=
REPORT_DIR ?= reports/out
LABELS    ?=
PARALLEL  ?=
PKGS      := ./...
# go.mod names the toolchain (go1.27.3); auto lets a machine whose own Go is
# older (its go.env says local) fetch it from the module proxy.
export GOTOOLCHAIN ?= auto
STATICCHECK    ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOVULNCHECK    ?= golang.org/x/vuln/cmd/govulncheck@v1.9.0
# The vulnerability database comes from the golang.org/x/vulndb module (its
# OSV files), so govulncheck needs no network beyond the module proxy.
VULNDB_VERSION ?= v0.0.0-20261105234957-e22db6528018
VULNDB         ?= $(CURDIR)/.cache/vulndb/$(VULNDB_VERSION)
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
lint: $(VULNDB)/.complete ## gofmt, vet, tidiness, staticcheck and govulncheck (offline database)
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	$(GO) vet $(PKGS)
	$(GO) mod tidy -diff
	$(GO) run $(STATICCHECK) $(PKGS)
	$(GO) run $(GOVULNCHECK) -db 'file://$(VULNDB)' $(PKGS)

.PHONY: vulndb
vulndb: $(VULNDB)/.complete ## Build the offline vulnerability database into .cache/vulndb

$(VULNDB)/.complete:
	$(GO) mod download golang.org/x/vulndb@$(VULNDB_VERSION)
	rm -rf '$(VULNDB).tmp' && mkdir -p '$(VULNDB).tmp'
	cp "$$($(GO) env GOMODCACHE)/golang.org/x/vulndb@$(VULNDB_VERSION)/data/osv/"GO-*.json '$(VULNDB).tmp/'
	chmod -R u+w '$(VULNDB).tmp'
	rm -rf '$(VULNDB)' && mv '$(VULNDB).tmp' '$(VULNDB)' && touch '$@'

.PHONY: bench
BENCH_DIR     ?= $(REPORT_DIR)/bench
BENCH_PHONES  ?= 5000
VENDOR_RATE_S ?= 5
SUSTAIN_PHONES ?= 2000
SUSTAIN_RATE   ?= 20000
SUSTAIN_S      ?= 60
# Phones one serve holds from other processes: one load process with a
# socket a phone, then HOLD_SHARDS processes over HTTP/2 tunnels.
HOLD_PHONES       ?= 9000
HOLD_SHARD_PHONES ?= 21000
HOLD_SHARDS       ?= 3
BENCH_TOOLS   := nginx wrk h2load
bench: ## Go benchmarks, then the table of make bench-table
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)
	@$(MAKE) --no-print-directory bench-table

.PHONY: bench-table
bench-table: export PUSHSIM_BENCH_ROWS = $(abspath $(BENCH_DIR))/rows.tsv
bench-table: build ## One table: phones and memory per phone (embedded, loopback), notifications a second, each mock vendor's request rate beside nginx (needs nginx, wrk, h2load: make bench-tools), catalog and fleet speed
	@rm -rf '$(BENCH_DIR)' && mkdir -p '$(BENCH_DIR)'
	./bin/pushsim load --devices $(BENCH_PHONES) --report-dir '$(BENCH_DIR)/embedded' > '$(BENCH_DIR)/embedded.log'
	$(GO) run ./internal/benchrow/benchtable load embedded '$(BENCH_DIR)/embedded'
	$(GO) run ./internal/benchrow/benchtable loopback ./bin/pushsim $(BENCH_PHONES) '$(BENCH_DIR)/loopback'
	$(GO) run ./internal/benchrow/benchtable sustained ./bin/pushsim $(SUSTAIN_PHONES) $(SUSTAIN_RATE) $(SUSTAIN_S)s '$(BENCH_DIR)/sustained'
	$(GO) run ./internal/benchrow/benchtable wsfloor 10s $(SUSTAIN_PHONES)
	$(GO) run ./internal/benchrow/benchtable hold ./bin/pushsim $(HOLD_PHONES) 1 '$(BENCH_DIR)/hold'
	$(GO) run ./internal/benchrow/benchtable hold ./bin/pushsim $(HOLD_SHARD_PHONES) $(HOLD_SHARDS) '$(BENCH_DIR)/hold-shards' tunnel
	@for t in $(BENCH_TOOLS); do command -v $$t >/dev/null || echo "bench: $$t is not installed, so the vendor rows say 'not measured' (make bench-tools installs nginx, wrk and h2load)"; done
	PUSHSIM_VENDOR_RATE=$(VENDOR_RATE_S) $(GO) test -p 1 -count=1 -run '^TestRate$$' ./mockvendors/...
	$(GO) run ./internal/benchrow/benchtable catalog ./bin/pushsim '$(BENCH_DIR)/catalog'
	PUSHSIM_BENCH=50 $(GO) test -count=1 -run '^TestThroughput$$' -v ./harness/ | grep -E "simulated|ok"
	PUSHSIM_FLEET=10000 $(GO) test -count=1 -timeout 30m -run '^TestFleetCost$$' -v ./harness/ | grep -E "fleet|ok"
	@echo
	@$(GO) run ./internal/benchrow/benchtable print '$(PUSHSIM_BENCH_ROWS)'

.PHONY: bench-tools
bench-tools: ## Install what make bench compares the vendor mocks with (Debian: nginx, wrk, h2load)
	apt-get update && apt-get install -y --no-install-recommends nginx wrk nghttp2-client

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

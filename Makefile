# parley: the two set-up commands (make demo, make check) and a few more.
# Each installs the Debian packages it needs when they are missing, then builds with CMake.

BUILD    ?= build
ASAN     ?= build-asan
TSAN     ?= build-tsan
MPI      ?= build-mpi
JOBS     ?= 2
DEPS     := build-essential cmake pkg-config libyaml-dev libxml2-dev libjansson-dev libcmocka-dev python3 \
            python3-pytest python3-venv python3-pip python3-setuptools \
            libcairo2-dev fonts-dejavu-core chromium libopenmpi-dev openmpi-bin
FUZZDEPS := clang libclang-rt-14-dev
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps fuzz-deps build demo check asan-check tsan-check mpi-check bench install fuzz clean

all: build

deps:
	@missing=""; for p in $(DEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

fuzz-deps:
	@missing=""; for p in $(FUZZDEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	./$(BUILD)/parley analyze examples/doha-2024.yaml
	./$(BUILD)/parley report examples/doha-2024.yaml -o $(BUILD)/doha-brief.html
	@echo "briefing written to $(BUILD)/doha-brief.html"

check: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer (with float-cast-overflow;
# CI runs it). OpenMP stays on, so that tests/test_threads.c and the parallel loops run under ASan.
asan-check: deps
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DPL_SANITIZE=ON -DPL_OPENMP=ON -DPL_WERROR=ON
	cmake --build $(ASAN) -j$(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir $(ASAN) --output-on-failure -j$(JOBS)

# The same suite under ThreadSanitizer (CI runs it); tests/test_threads.c computes frontiers and
# simulation batches from several pthreads at once. OpenMP is off here: GCC's libgomp is not
# built with TSan, so its barriers are invisible to it and every parallel loop reports false
# races (pl_sim_batch_run's results read after the loop, for one); the test's own pthreads
# supply the concurrency instead.
tsan-check: deps
	cmake -S . -B $(TSAN) -DCMAKE_BUILD_TYPE=Debug -DPL_TSAN=ON -DPL_OPENMP=OFF -DPL_WERROR=ON
	cmake --build $(TSAN) -j$(JOBS)
	TSAN_OPTIONS=halt_on_error=1 ctest --test-dir $(TSAN) --output-on-failure -j$(JOBS)

# The MPI build (-DPARLEY_MPI=ON; CI runs it): `mpirun -np 1/2/3 parley explore` on this machine
# must print the plain build's bytes (tests/mpi/explore_ranks.sh, run against $(BUILD)/parley),
# and the explore CLI test passes with the MPI tool run without a launcher. Only the tool differs
# from the plain build (the library is MPI-free), so only the tool is built.
mpi-check: build
	cmake -S . -B $(MPI) -DCMAKE_BUILD_TYPE=Release -DPARLEY_MPI=ON
	cmake --build $(MPI) -j$(JOBS) --target parley
	PARLEY_PLAIN=$(CURDIR)/$(BUILD)/parley ctest --test-dir $(MPI) --output-on-failure -j$(JOBS) -R '^(mpi_|cli_t700)'

bench: build
	@for b in $(BUILD)/bench_*; do echo "== $$b"; $$b; done

install: build
	cmake --install $(BUILD)

# Run every libFuzzer target for FUZZ_SECONDS seconds each (CI: 60).
FUZZ_SECONDS ?= 60
fuzz: deps fuzz-deps
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DPL_FUZZ=ON -DPL_OPENMP=OFF
	cmake --build build-fuzz -j$(JOBS) --target $$(cd fuzz && ls fuzz_*.c | sed 's/\.c$$//' | tr '\n' ' ')
	bash fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(ASAN) $(TSAN) $(MPI) build-fuzz

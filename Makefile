# Two commands do all the set-up:  `make quiz`  and  `make test`.
# Both create .venv when it is missing and install torch first, as a CPU build:
# from PyTorch's CPU wheel index when it answers within 2 s, else from pip's
# default index (which serves the CUDA build on Linux unless it has a CPU wheel
# of that version, as on this project's CI machine). TORCH_INDEX=URL uses that
# index instead; TORCH_INDEX=default skips the probe and uses pip's default.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
TORCH  ?= torch==2.13.0
TORCH_CPU_INDEX := https://download.pytorch.org/whl/cpu
TORCH_INDEX ?=
export NO_MKDOCS_2_WARNING := 1

.PHONY: quiz test docs serve bench install dev clean

quiz: $(VENV)/.installed
	$(BIN)/seqprep quiz $(ARGS)

test: $(VENV)/.installed-dev
	$(PY) -m pytest $(PYTEST_ARGS)

docs: $(VENV)/.installed-dev
	$(BIN)/seqprep site build

serve: $(VENV)/.installed-dev
	$(BIN)/seqprep site serve

bench: $(VENV)/.installed-dev
	$(BIN)/seqprep bench $(ARGS)

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

$(PY):
	@echo "==> Creating the virtual environment $(VENV) (a few seconds)"
	$(PYTHON) -m venv $(VENV)

# Is PyTorch's CPU index reachable? One request, 2 s at most (DNS included), no retries.
PROBE_TORCH_INDEX = import sys, threading, urllib.request; ok = [];   t = threading.Thread(target=lambda: ok.append(urllib.request.urlopen("$(TORCH_CPU_INDEX)/torch/", timeout=2).status), daemon=True);   t.start(); t.join(2.5); sys.exit(0 if ok == [200] else 1)

$(VENV)/.torch: | $(PY)
	@if $(PY) -c "import torch" 2>/dev/null; then \
	  echo "==> torch $$($(PY) -c 'import torch; print(torch.__version__)') is already installed"; \
	else \
	  index="$(TORCH_INDEX)"; \
	  if [ -z "$$index" ]; then \
	    if $(PY) -c '$(PROBE_TORCH_INDEX)' 2>/dev/null; then index="$(TORCH_CPU_INDEX)"; else index=default; fi; \
	  fi; \
	  if [ "$$index" = default ]; then \
	    echo "==> Installing $(TORCH) from pip's default index ($(TORCH_CPU_INDEX) did not answer or TORCH_INDEX=default)."; \
	    echo "    From a local CPU wheel this takes about a minute; from the public index on Linux it is the CUDA build, several GB."; \
	    $(PY) -m pip install --progress-bar on "$(TORCH)"; \
	  else \
	    echo "==> Installing $(TORCH), CPU build, from $$index: about 200 MB, 1-3 minutes on a typical connection."; \
	    $(PY) -m pip install --progress-bar on --index-url "$$index" "$(TORCH)"; \
	  fi; \
	fi
	@touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.torch
	@echo "==> Installing seqprep and its dependencies (click, rich, pydantic, fsrs, numpy, sentencepiece, ...): about 30 s"
	$(PY) -m pip install --progress-bar on -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.torch
	@echo "==> Installing seqprep with the test and site tools (pytest, pexpect, mkdocs-material, playwright, ...): about 1 minute"
	$(PY) -m pip install --progress-bar on -e '.[dev]'
	@touch $@ $(VENV)/.installed

clean:
	rm -rf build dist .pytest_cache

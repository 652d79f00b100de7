"""The layers contract (.importlinter) names every module of the project package, so a new
module cannot sit outside the layers and import what it likes."""

import configparser
import pkgutil
from pathlib import Path

import essexperf

CONTRACT = Path(__file__).resolve().parents[2] / ".importlinter"


def layered_modules():
    config = configparser.ConfigParser()
    config.read(CONTRACT)
    layers = config["importlinter:contract:layers"]["layers"]
    return {
        name.strip() for line in layers.splitlines() for name in line.replace("|", ":").split(":")
    }


def test_every_module_of_the_project_package_is_in_a_layer():
    modules = {f"essexperf.{module.name}" for module in pkgutil.iter_modules(essexperf.__path__)}
    assert modules - layered_modules() == set()


def test_the_apps_are_layered_with_metrics_and_inspections_independent():
    config = configparser.ConfigParser()
    config.read(CONTRACT)
    lines = config["importlinter:contract:layers"]["layers"].strip().splitlines()
    assert [line.strip() for line in lines[1:3]] == ["metrics | inspections", "priorities"]

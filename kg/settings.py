"""Where things are: the data and ontology folders and the store home.

Every setting has a default that works in a checkout of the repository and an environment
variable that overrides it:

======================  ==========================  =========================================
setting                 environment variable        default
======================  ==========================  =========================================
data_dir                OSCE_KG_DATA                ``data/`` of the checkout
ontology_dir            OSCE_KG_ONTOLOGY            ``ontology/`` of the checkout
home                    OSCE_KG_HOME                ``var/`` of the checkout
base IRI (kg.iri)       OSCE_KG_BASE_IRI            ``https://w3id.org/osce-kg/``
======================  ==========================  =========================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    ontology_dir: Path
    home: Path

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Settings from the environment, with explicit overrides (None means: keep)."""
        values = {
            "data_dir": Path(os.environ.get("OSCE_KG_DATA", CHECKOUT / "data")),
            "ontology_dir": Path(os.environ.get("OSCE_KG_ONTOLOGY", CHECKOUT / "ontology")),
            "home": Path(os.environ.get("OSCE_KG_HOME", CHECKOUT / "var")),
        }
        values.update({k: Path(v) for k, v in overrides.items() if v is not None})
        return cls(**values)

    @property
    def pages_dir(self) -> Path:
        return self.data_dir / "pages"

    @property
    def ontology_file(self) -> Path:
        return self.ontology_dir / "osce.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"

"""The synthetic demo data generator. Outside the production import path: only ``cds sample``
and the tests call it."""

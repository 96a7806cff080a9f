"""Each field of a saved search and of a watched company is declared once
(:mod:`jobscraper.saved_fields`): the config entry, the table, the Api's shapes all carry it, the
edit shapes list every one of them, and the limits hold where input comes in and nowhere else."""

from __future__ import annotations

import pickle
from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from pydantic import BaseModel, Field, ValidationError

from jobscraper.config import CompanyConfig, SavedSearch
from jobscraper.config.checks import NAME_MAX, Section
from jobscraper.models import Company, LastResultColumns, SavedSearchRow
from jobscraper.saved_fields import CompanyFields, LastResult, SearchFields, limited
from jobscraper.store import saved_shapes
from jobscraper.store.saved_shapes import (
    CompanyCreate,
    CompanyPublic,
    CompanyUpdate,
    SavedSearchPublic,
    SavedSearchUpdate,
)
from jobscraper.store.tables import COMPANY, SAVED_SEARCH


def _optional(annotation: Any) -> set[Any]:
    """The members of ``annotation | None``."""
    union = get_origin(annotation) in (Union, UnionType)
    members = get_args(annotation) if union else (annotation,)
    # pydantic keeps a field's Annotated[...] metadata apart, but not inside a union: compare the types
    return {get_args(m)[0] if get_origin(m) is Annotated else m for m in members} | {NoneType}


@pytest.mark.parametrize(
    ("base", "update"), [(SearchFields, SavedSearchUpdate), (CompanyFields, CompanyUpdate)]
)
def test_an_edit_shape_lists_every_field_of_its_base_as_optional(
    base: type[BaseModel], update: type[BaseModel]
) -> None:
    assert list(update.model_fields) == list(base.model_fields)
    for name, field in update.model_fields.items():
        assert _optional(field.annotation) == _optional(base.model_fields[name].annotation), name
        assert not field.is_required() and field.default is None, name


@pytest.mark.parametrize(
    ("base", "models"),
    [
        (SearchFields, (SavedSearch, SavedSearchRow, SavedSearchPublic)),
        (CompanyFields, (CompanyConfig, Company, CompanyPublic, CompanyCreate)),
        (LastResult, (SavedSearchRow, Company, SavedSearchPublic, CompanyPublic)),
    ],
)
def test_config_table_and_api_shapes_derive_from_one_base(
    base: type[BaseModel], models: tuple[type[BaseModel], ...]
) -> None:
    for model in models:
        assert issubclass(model, base), model
        assert set(base.model_fields) <= set(model.model_fields), model


def test_every_field_is_a_column_of_its_table() -> None:
    assert set(SearchFields.model_fields) | set(LastResult.model_fields) <= set(SAVED_SEARCH.c.keys())
    assert set(CompanyFields.model_fields) | set(LastResult.model_fields) <= set(COMPANY.c.keys())
    assert saved_shapes.LastResult is LastResultColumns is LastResult
    assert tuple(LastResult.model_fields) == saved_shapes.LAST_RESULT_FIELDS


def test_limits_hold_for_input_only() -> None:
    long_name = "n" * (NAME_MAX + 1)
    with pytest.raises(ValidationError, match=f"at most {NAME_MAX} characters"):
        SavedSearch(name=long_name, term="python")
    with pytest.raises(ValidationError, match="greater than or equal to 1"):
        CompanyConfig(name="Acme", url="https://acme.example/jobs", interval_s=0)
    with pytest.raises(ValidationError, match="at least 1 character"):
        CompanyCreate(url="")
    # a stored row is shown as it is, whatever the limits say today
    now = "2024-01-01T00:00:00"
    row = {"id": 1, "name": long_name, "term": "", "created_at": now, "updated_at": now}
    assert SavedSearchPublic.model_validate(row).name == long_name
    assert SavedSearchUpdate(name=long_name, interval_s=0).model_fields_set == {"name", "interval_s"}
    # the table column has no length: a limit in the base would have given it one
    assert SAVED_SEARCH.c.name.type.length is None and COMPANY.c.url.type.length is None


def test_the_config_keeps_its_section_rules_and_validators() -> None:
    assert issubclass(SavedSearch, Section) and issubclass(CompanyConfig, Section)
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        SavedSearch.model_validate({"name": "a", "term": "b", "site": ["indeed"]})
    with pytest.raises(ValidationError, match="unknown site"):
        SavedSearch(name="a", term="b", sites=["myspace"])
    with pytest.raises(ValidationError, match="must start with http"):
        CompanyConfig(name="Acme", url="ftp://acme.example")
    search = SavedSearch(name="a", term="b")
    assert search.sites == ["linkedin", "indeed"] and search.results_wanted == 50


def test_limited_keeps_the_class_it_decorates() -> None:
    assert (SavedSearch.__name__, SavedSearch.__module__) == ("SavedSearch", "jobscraper.config.entries")
    assert SavedSearch.__doc__ == "A job-board search run through python-jobspy."
    field = SavedSearch.model_fields["name"]
    assert field.description == SearchFields.model_fields["name"].description
    assert [type(m).__name__ for m in field.metadata] == ["MinLen", "MaxLen"]
    search = SavedSearch(name="a", term="b", interval_s=60)
    assert pickle.loads(pickle.dumps(search)) == search  # by reference: Ray ships them to actors


def test_limited_refuses_a_field_the_model_has_not() -> None:
    class Small(BaseModel):
        name: str

    with pytest.raises(TypeError, match=r"Small has no field\(s\) \['nmae'\]"):
        limited(nmae=Field(max_length=3))(Small)


def test_a_response_schema_says_every_field_is_there() -> None:
    for shape in (SavedSearchPublic, CompanyPublic):
        schema = shape.model_json_schema(mode="serialization")
        assert set(schema["required"]) == set(shape.model_fields), shape

"""The ``{% url %}`` builtin that remembers its answers (kabeuchi/core/templatetags/reversal.py)
gives exactly what Django's own tag gives, and never an answer from another context."""

import uuid

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from kabeuchi.core.templatetags import reversal


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.fixture(autouse=True)
def empty_cache():
    reversal._reverse.cache_clear()
    yield
    reversal._reverse.cache_clear()
    set_script_prefix("/")


def test_the_builtin_replaces_djangos_tag_in_every_template():
    item = uuid.uuid4()
    source = "{% url 'notebook:entry-edit' 'strengths' item %}"
    first = render(source, item=item)
    assert first == reverse("notebook:entry-edit", args=["strengths", item])
    assert render(source, item=item) == first
    info = reversal._reverse.cache_info()
    assert (info.hits, info.misses) == (1, 1)  # no {% load %}: the builtin answered, the second time from memory


@pytest.mark.parametrize(("view", "args", "kwargs"), [
    ("core:home", [], {}),
    ("notebook:direction", ["will"], {}),
    ("notebook:entry-edit", ["goals", uuid.UUID(int=7)], {}),
    ("notebook:entry-create", [], {"kind": "skills"}),
])
def test_same_answer_as_reverse(view, args, kwargs):
    tag = "{% url view " + " ".join(f"a{n}" for n in range(len(args))) + " ".join(f" {k}=k_{k}" for k in kwargs) + " %}"
    context = {"view": view, **{f"a{n}": a for n, a in enumerate(args)}, **{f"k_{k}": v for k, v in kwargs.items()}}
    for _ in range(2):
        assert render(tag, **context) == reverse(view, args=args or None, kwargs=kwargs or None)


def test_arguments_are_part_of_the_key():
    a, b = uuid.uuid4(), uuid.uuid4()
    source = "{% url 'notebook:entry-edit' kind item %}"
    assert str(a) in render(source, kind="goals", item=a)
    assert str(b) in render(source, kind="goals", item=b)
    assert render(source, kind="skills", item=a) == reverse("notebook:entry-edit", args=["skills", a])


def test_script_prefix_is_part_of_the_key():
    source = "{% url 'core:home' %}"
    plain = render(source)
    set_script_prefix("/kabeuchi/")
    assert render(source) == "/kabeuchi" + plain


def test_a_failed_reversal_raises_as_before_and_is_not_remembered():
    with pytest.raises(NoReverseMatch):
        render("{% url 'notebook:no-such-page' %}")
    assert render("{% url 'notebook:no-such-page' as link %}[{{ link }}]") == "[]"
    assert reversal._reverse.cache_info().currsize == 0


def test_arguments_without_a_fixed_text_form_are_not_remembered():
    class Kind:
        def __str__(self):
            return "goals"

    assert render("{% url 'notebook:entry-create' kind %}", kind=Kind()) == reverse("notebook:entry-create", args=["goals"])
    assert reversal._reverse.cache_info().currsize == 0


def test_swapping_the_urlconf_forgets_what_was_remembered():
    render("{% url 'core:home' %}")
    assert reversal._reverse.cache_info().currsize == 1
    with override_settings(ROOT_URLCONF="config.urls"):
        assert reversal._reverse.cache_info().currsize == 0

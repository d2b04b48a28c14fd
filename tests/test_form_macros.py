"""The core's form macros (core/forms.html), which the core's pages and every plugin import."""

from __future__ import annotations

import re

import pytest

from balai import i18n


@pytest.fixture
def forms(app):
    def call(expression: str, locale: str = "id", **context) -> str:
        source = '{% import "core/forms.html" as forms with context %}{{ ' + expression + " }}"
        token = i18n.set_locale(locale)
        try:
            return app.state.jinja.from_string(source).render(**context)
        finally:
            i18n._current.reset(token)

    return call


def tag(html: str, name: str) -> str:
    found = re.search(rf"<{name}\b[^>]*>", html)
    assert found, html
    return found.group(0)


def test_field_shows_the_value_and_the_label_points_at_it(forms):
    html = forms('forms.field("judul", "Judul", form, {})', form={"judul": 'Rapat "besar" <b>'})
    assert '<label class="form-label" for="f-judul">Judul</label>' in html
    control = tag(html, "input")
    assert 'id="f-judul"' in control and 'name="judul"' in control and 'type="text"' in control
    assert 'value="Rapat &#34;besar&#34; &lt;b&gt;"' in control
    assert 'autocomplete="off"' in control and "required" not in control and "aria-" not in control


def test_required_draws_the_star_and_by_default_the_browsers_attribute(forms):
    html = forms('forms.field("judul", "Judul", {}, {}, required=True)')
    assert '<span class="text-danger" aria-hidden="true">*</span>' in html
    assert " required" in tag(html, "input")
    # Persuratan leaves the attribute out: the star stays, the server's message is what users read.
    html = forms('forms.field("judul", "Judul", {}, {}, required=True, native_required=False)')
    assert '<span class="text-danger" aria-hidden="true">*</span>' in html
    assert "required" not in tag(html, "input")
    html = forms('forms.select("unit", "Unit", {}, {}, [(1, "Umum")], required=True, native_required=False)')
    assert "*</span>" in html and "required" not in tag(html, "select")


def test_an_error_marks_the_field_and_names_its_message(forms):
    html = forms('forms.field("nip", "NIP", {"nip": "12"}, {"nip": "NIP 18 digit."}, help="Boleh dengan spasi.")')
    control = tag(html, "input")
    assert 'class="form-control is-invalid"' in control and 'aria-invalid="true"' in control
    assert 'aria-describedby="e-nip h-nip"' in control and 'value="12"' in control
    assert '<div class="invalid-feedback" id="e-nip" data-testid="error-nip">NIP 18 digit.</div>' in html
    assert '<div class="form-text" id="h-nip">Boleh dengan spasi.</div>' in html
    html = forms('forms.field("nip", "NIP", {}, {}, help="Boleh dengan spasi.")')
    assert 'aria-describedby="h-nip"' in tag(html, "input") and "aria-invalid" not in html


def test_a_password_is_never_shown_again(forms):
    html = forms('forms.field("password", "Kata sandi", form, {}, type="password", autocomplete="new-password")',
                 form={"password": "rahasia-123"})
    assert "rahasia" not in html and 'autocomplete="new-password"' in tag(html, "input")


def test_textarea_attrs_and_size(forms):
    html = forms('forms.field("isi", "Isi", {"isi": "a < b"}, {}, type="textarea", rows=14, size="lg", autocomplete=none,'
                 ' attrs={"maxlength": 2000, "hx-get": "/x?a=1&b=2", "min": none})')
    control = tag(html, "textarea")
    assert 'class="form-control form-control-lg"' in control and 'rows="14"' in control
    assert 'maxlength="2000"' in control and 'hx-get="/x?a=1&amp;b=2"' in control
    assert "min" not in control and "autocomplete" not in control and control.count("rows=") == 1
    assert ">a &lt; b</textarea>" in html
    html = forms('forms.field("nama", "Nama", {}, {}, attrs={"title": x})', x='"><script>')
    assert "<script>" not in html


def test_select_takes_a_dict_or_pairs_and_compares_as_text(forms):
    html = forms('forms.select("unit", "Unit", {"unit": "2"}, {}, {1: "Umum", 2: "Industri"}, blank="— pilih —", size="lg")')
    assert 'class="form-select form-select-lg"' in tag(html, "select")
    assert '<option value="">— pilih —</option>' in html
    assert '<option value="2" selected>Industri</option>' in html and '<option value="1" >Umum</option>' in html
    html = forms('forms.select("eselon", "Eselon", {"eselon": none}, {"eselon": "Salah."}, [("II.a", "II.a")])')
    assert "selected" not in html and 'aria-describedby="e-eselon"' in tag(html, "select")
    assert 'data-testid="error-eselon"' in html and "<option value=\"\">" not in html


@pytest.mark.parametrize("value, ticked", [(True, True), ("1", True), ("on", True), ("true", True),
                                           (False, False), ("", False), (None, False)])
def test_check(forms, value, ticked):
    html = forms('forms.check("aktif", "Aktif", {"aktif": value})', value=value)
    assert 'id="f-aktif" name="aktif" value="1"' in html and '<label class="form-check-label" for="f-aktif">' in html
    assert ("checked" in html) is ticked


def test_errors_summary_lists_the_messages_in_the_users_language(forms):
    assert forms("forms.errors_summary({})").strip() == ""
    html = forms('forms.errors_summary({"a": "Satu.", "b": "Dua."})')
    assert 'data-testid="form-errors"' in html and "Periksa kembali isian yang ditandai." in html
    assert "<li>Satu.</li><li>Dua.</li>" in html
    assert "Please check the marked fields." in forms('forms.errors_summary({"a": "x"})', locale="en")


def test_pager(forms):
    html = forms('forms.pager("/admin/users", 2, 45, 20, "users-table", {"q": "a b"})')
    assert 'href="/admin/users?q=a+b&amp;page=1"' in html and 'href="/admin/users?q=a+b&amp;page=3"' in html
    assert 'hx-target="#users-table"' in html and "Halaman 2 dari 3 · 45 data" in html
    html = forms('forms.pager("/x", 1, 0, 20, "t", {})')
    assert "Halaman 1 dari 1" in html and "rel=" not in html

"""Form rules as service functions and WTForms validators, tested without HTTP."""
import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form, StringField

from admin_views.validators import FieldsRule, Rule, strip
from app.services.accounts import cek_kata_sandi_baru
from app.services.master import cek_jenis_desa, cek_kode_desa
from app.services.numbering import cek_format_register


@pytest.mark.parametrize("kode,ok", [("35.20.04.2009", True), ("35.20.04.1013", True),
                                     ("35.20.04.3009", False), ("352004.2009", False),
                                     ("", False), (None, False)])
def test_village_code(ctx, kode, ok):
    assert (cek_kode_desa(kode) is None) == ok


def test_village_kind_follows_the_code(ctx):
    assert cek_jenis_desa("35.20.04.1013", "kelurahan") is None
    assert "tidak sesuai kode" in cek_jenis_desa("35.20.04.1013", "desa")
    assert cek_jenis_desa("bukan kode", "desa") is None  # the code's own rule says why


@pytest.mark.parametrize("fmt,ok", [("471.13/{nomor:04d}/{kode_unit}/{tahun}", True),
                                    ("471.13/{tahun}", False), ("{nomor}/{lain}", False),
                                    ("{nomor:04d", False), ("", False)])
def test_register_number_format(ctx, fmt, ok):
    assert (cek_format_register(fmt, "403.404") is None) == ok


def test_new_account_password(ctx):
    assert "wajib diisi" in cek_kata_sandi_baru("", "budi", "Budi", new_account=True)
    assert cek_kata_sandi_baru("", "budi", "Budi", new_account=False) is None
    assert "minimal" in cek_kata_sandi_baru("pendek", "budi", "Budi", new_account=False)
    assert cek_kata_sandi_baru("Magetan-Raya-2026", "budi", "Budi", new_account=True) is None


class VillageForm(Form):
    kode = StringField(validators=[Rule(cek_kode_desa)], filters=[strip])
    jenis = StringField(validators=[FieldsRule(cek_jenis_desa, "kode", "jenis")])


def test_the_validators_put_the_rule_next_to_its_field(ctx):
    form = VillageForm(MultiDict({"kode": " 35.20.04.1013 ", "jenis": "desa"}))
    assert not form.validate()
    assert form.kode.data == "35.20.04.1013" and not form.kode.errors
    assert "tidak sesuai kode" in form.jenis.errors[0]
    assert VillageForm(MultiDict({"kode": "35.20.04.1013", "jenis": "kelurahan"})).validate()

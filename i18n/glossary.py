"""Place names in every language, from one table: where two names are in use, both are written, in each language's
script, in the same order everywhere. Who uses which name is stated, not judged.

`stems` are what a sentence must contain in each language (Russian and Armenian decline names: "Лачинский
коридор", "Ստեփանակերտում"), so tests/i18n checks every translated message that names a place.
"""
from __future__ import annotations

from dataclasses import dataclass

from i18n import N_, _, language


@dataclass(frozen=True)
class Place:
    key: str
    written: dict[str, str]  # language -> both names as that language writes them
    stems: dict[str, tuple[str, ...]]  # language -> the parts every sentence naming the place contains
    whose: str  # who uses which name (English; translated where shown)

    def name(self) -> str:
        return self.written.get(language(), self.written["en"])


PLACES = (
    Place("stepanakert",
          {"en": "Stepanakert/Khankendi", "hy": "Ստեփանակերտ/Խանքենդի", "az": "Stepanakert/Xankəndi",
           "ru": "Степанакерт/Ханкенди"},
          {"en": ("Stepanakert", "Khankendi"), "hy": ("Ստեփանակերտ", "Խանքենդ"), "az": ("Stepanakert", "Xankənd"),
           "ru": ("Степанакерт", "Ханкенди")},
          N_("Stepanakert is the name used by Armenians and by the de facto authorities; Khankendi (Xankəndi) is "
             "the name used by Azerbaijan.")),
    Place("khojaly",
          {"en": "Khojaly (Xocalı)", "hy": "Խոջալու (Xocalı)", "az": "Xocalı (Khojaly)", "ru": "Ходжалы (Xocalı)"},
          {"en": ("Khojaly", "Xocalı"), "hy": ("Խոջալու", "Xocalı"), "az": ("Xocalı",), "ru": ("Ходжал", "Xocalı")},
          N_("Khojaly is the usual English spelling of the Azerbaijani name Xocalı.")),
    Place("lachin",
          {"en": "Lachin/Berdzor", "hy": "Լաչին/Բերձոր", "az": "Laçın/Berdzor", "ru": "Лачин/Бердзор"},
          {"en": ("Lachin", "Berdzor"), "hy": ("Լաչին", "Բերձոր"), "az": ("Laçın", "Berdzor"),
           "ru": ("Лачин", "Бердзор")},
          N_("Lachin (Laçın) is the Azerbaijani name of the town and the corridor; Berdzor is the Armenian name.")),
    Place("shusha",
          {"en": "Shusha/Shushi", "hy": "Շուշա/Շուշի", "az": "Şuşa/Şuşi", "ru": "Шуша/Шуши"},
          {"en": ("Shusha", "Shushi"), "hy": ("Շուշա", "Շուշի"), "az": ("Şuşa", "Şuşi"), "ru": ("Шуш",)},
          N_("Shusha (Şuşa) is the Azerbaijani name; Shushi is the Armenian name.")),
    Place("aghdam",
          {"en": "Aghdam/Akna", "hy": "Աղդամ/Ակնա", "az": "Ağdam/Akna", "ru": "Агдам/Акна"},
          {"en": ("Aghdam", "Akna"), "hy": ("Աղդամ", "Ակնա"), "az": ("Ağdam", "Akna"), "ru": ("Агдам", "Акн")},
          N_("Aghdam (Ağdam) is the Azerbaijani name; Akna is the Armenian name used by the de facto authorities.")),
    Place("artsakh",
          {"en": "Nagorno-Karabakh (Artsakh)", "hy": "Լեռնային Ղարաբաղ (Արցախ)", "az": "Dağlıq Qarabağ (Artsax)",
           "ru": "Нагорный Карабах (Арцах)"},
          {"en": ("Artsakh",), "hy": ("Արցախ",), "az": ("Artsax",), "ru": ("Арцах",)},
          N_("Artsakh is the Armenian name of the region and of its de facto republic.")),
)


def glossary_lines() -> list[str]:
    """One line per place for the pages' "Place names" note: both names, then whose each is."""
    return [f"{place.name()}: {_(place.whose)}" for place in PLACES]

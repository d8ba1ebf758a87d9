"""The values for the card sort: plain data, written for Kabeuchi in Japanese and English.

Keys are stable (they are what a person's sealed ranking stores); labels may be reworded.
The set avoids values that read as a company's expectations ("loyalty", "results"): these are
cards for noticing what matters to the person, not for being measured against.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Value:
    key: str
    ja: str
    en: str
    hint_ja: str
    hint_en: str

    def label(self, language: str) -> str:
        return self.ja if language.startswith("ja") else self.en

    def hint(self, language: str) -> str:
        return self.hint_ja if language.startswith("ja") else self.hint_en


VALUES: tuple[Value, ...] = (
    Value("growth", "成長", "Growth", "昨日より少しできることが増えている", "Being able to do a little more than yesterday"),
    Value("learning", "学び", "Learning", "知らないことを知る時間がある", "Having time to find out what I do not know"),
    Value("expertise", "専門性", "Expertise", "ひとつのことを深く極める", "Going deep in one thing"),
    Value("challenge", "挑戦", "Challenge", "やったことのないことに手を伸ばす", "Reaching for what I have not done before"),
    Value("stability", "安定", "Stability", "先の見通しが立ち、落ち着いて働ける", "Seeing ahead and working with a calm mind"),
    Value("autonomy", "自律", "Autonomy", "やり方や進め方を自分で決められる", "Deciding how I do my work"),
    Value("freedom", "自由", "Freedom", "時間や場所に縛られすぎない", "Not being tied too tightly to a time or place"),
    Value("creativity", "創造", "Creativity", "まだないものを形にする", "Giving shape to something that does not exist yet"),
    Value("contribution", "貢献", "Contribution", "誰かや社会の役に立っている実感", "Feeling that I am useful to someone or to society"),
    Value("helping", "支える", "Supporting others", "人の力になり、背中を押す", "Being there for people and backing them"),
    Value("teamwork", "チームワーク", "Teamwork", "仲間と力を合わせて進む", "Moving forward together with others"),
    Value("belonging", "居場所", "Belonging", "ここにいていいと思える", "Feeling that I belong here"),
    Value("recognition", "認められること", "Recognition", "やったことが見てもらえる", "Having what I did noticed"),
    Value("influence", "影響力", "Influence", "周りや仕組みを動かせる", "Being able to move people or how things work"),
    Value("leadership", "リード", "Leading", "方向を示し、人と一緒に進める", "Showing a direction and taking people along"),
    Value("achievement", "達成", "Achievement", "やり遂げた手応え", "The feeling of having seen something through"),
    Value("quality", "質へのこだわり", "Craft", "細部まで納得のいく仕事をする", "Doing work I am satisfied with down to the detail"),
    Value("honesty", "誠実さ", "Integrity", "自分にも人にも正直でいられる", "Being honest with myself and with others"),
    Value("fairness", "公正", "Fairness", "誰にとっても筋が通っている", "Things being fair to everyone"),
    Value("balance", "仕事と生活の調和", "Work–life balance", "仕事以外の時間も大切にできる", "Making room for life outside work"),
    Value("health", "心身の健康", "Wellbeing", "無理を重ねずに続けられる", "Being able to keep going without wearing myself out"),
    Value("family", "家族・大切な人", "Family and loved ones", "大切な人との時間を守る", "Protecting time with the people who matter to me"),
    Value("relationships", "人とのつながり", "Connection", "信頼できる人と関わる", "Working with people I trust"),
    Value("diversity", "多様性", "Diversity", "違いが活かされる", "Differences being put to good use"),
    Value("curiosity", "好奇心", "Curiosity", "面白いと思えることを追いかける", "Following what I find interesting"),
    Value("variety", "変化", "Variety", "いろいろな仕事や環境を経験する", "Experiencing different work and places"),
    Value("meaning", "意味・やりがい", "Meaning", "自分にとって意味のあることをする", "Doing what means something to me"),
    Value("responsibility", "責任", "Responsibility", "任されたことを引き受けて果たす", "Taking on what is entrusted to me and carrying it out"),
    Value("reward", "報酬", "Reward", "働きに見合った報酬を得る", "Being paid fairly for my work"),
    Value("fun", "楽しさ", "Enjoyment", "仕事の中に楽しいと思える瞬間がある", "Having moments of enjoyment in my work"),
)

BY_KEY: dict[str, Value] = {v.key: v for v in VALUES}
MAX_CHOSEN = 10  # a card sort asks for the few that matter most, not a ranking of all 30

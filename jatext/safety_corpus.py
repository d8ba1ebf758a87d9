"""Training sentences for the safety classifier: hand-written lines plus templated variety.

Used only by ``jatext/train_safety.py``; nothing here runs in the web process.

Templates are built so that only the *core* of a sentence carries the label: every kind and the
negatives share the same openers and endings (最近、/正直に言うと、/…んです/😢), so the model
cannot learn "sentences that start with 正直に言うと are crisis".  Templates still overfit to
their own cores, which is why the hand-written file and the earlier labelled sets carry most of
the variety, and why figures are only ever reported on sentences written by someone else.
"""

from __future__ import annotations

import random
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
LINES = DATA_DIR / "safety_train_lines.txt"

Example = tuple[frozenset[str], str]


def read_lines(path: Path = LINES) -> list[Example]:
    """Read the ``@kinds`` sectioned file of hand-written lines."""
    examples: list[Example] = []
    labels: frozenset[str] = frozenset()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            names = line[1:].strip()
            labels = frozenset() if names == "none" else frozenset(names.split(","))
            continue
        examples.append((labels, line))
    return examples


JA_OPENERS = (
    "", "", "", "最近、", "正直に言うと、", "誰にも言えないけど、", "夜になると、", "ここ数週間、", "実は、",
    "仕事のことを考えると、", "毎日、", "なんか、", "ぶっちゃけ、", "今日も", "相談なんですが、",
    "うまく言えないんですが、", "先月から", "もう", "ほんとに", "ここだけの話、",
)
JA_ENDINGS = (
    "。", "。", "", "…", "です。", "んです。", "と思う。", "気がする。", "😢", "。どうしたらいいか分からない。",
    "ねん。", "わ。", "かも。", "…もう疲れた。", "（笑）", "w", "。", "って感じ。", "んだよね。", "。誰にも言えない。",
)
EN_OPENERS = ("", "", "Honestly, ", "Lately ", "I don't know, ", "To be honest ", "These days ", "So, ", "idk, ")
EN_ENDINGS = (".", "", "...", ". I don't know what to do.", " :(", ". It's been weeks.", " lol", ".")

JA_CORES: dict[str, tuple[str, ...]] = {
    "crisis": (
        "死にたい", "消えたい", "いなくなりたい", "生きていたくない", "生きる意味がわからない", "もう終わりにしたい",
        "朝が来なければいいのに", "目が覚めなければいいのにと思う", "眠ったまま起きたくない", "私がいると迷惑になる",
        "自分はいない方がみんな楽になる", "家族のお荷物でしかない", "今夜で最後にしようと思う", "これが最後の連絡になる",
        "この先も生きていける気がしない", "来年の自分が想像できない", "先週薬をまとめて飲んで病院に運ばれた",
        "昨日ODしてしまった", "手首を切ってしまった", "腕を切るのがやめられない", "ホームの端に立つと吸い込まれそうになる",
        "橋の上から川をずっと見ていた", "ロープを用意した", "薬を貯めている", "死ぬ方法を調べてしまった",
        "飛び降りたら楽になると思う", "電車に飛び込みたくなる", "自分なんか生まれてこなければよかった",
        "存在しているのが申し訳ない", "誰にも必要とされていないし消えても同じ", "生きているのがしんどい",
        "もう楽になりたい", "全部終わらせたい", "自分を傷つけたくなる", "身辺整理を始めた",
        "みんなに最後のお礼を伝えた", "死んだほうがましだ", "この世からいなくなりたい", "遠くへ行ってもう戻らない",
        "自分を消してしまいたい", "死ぬことばかり考えてしまう", "事故にでも遭えばいいのに", "二度と目覚めたくない",
        "いなくなっても誰も困らない", "自殺を考えている", "首をつろうとしたことがある", "生きるのをやめたい",
        "前に死のうとしたことがあって、またその気持ちが来ている", "遺書を書いた", "車道に飛び出したくなる",
    ),
    "harassment": (
        "上司に毎日怒鳴られている", "「辞めろ」と言われ続けている", "「給料泥棒」と言われた", "人前で「無能」と罵倒された",
        "チームのチャットから外された", "会議に私だけ呼ばれなくなった", "挨拶しても無視される", "飲み会に私だけ誘われない",
        "育休明けに仕事を取り上げられた", "妊娠を伝えたら退職を勧められた", "時短勤務になったら重要な仕事から外された",
        "男が育休を取るなと言われた", "体を触られた", "容姿をからかわれる", "しつこく食事に誘われて断ると評価を下げられる",
        "「女のくせに」と言われた", "書類を投げつけられた", "机を蹴られた", "一人だけ雑用しか回ってこない",
        "終わらない量の仕事を押し付けられる", "私生活のことをしつこく聞かれる", "評価を下げるぞと脅された",
        "陰口を聞こえるように言われる", "手柄を取られてミスだけ押し付けられる", "お客さんに土下座させられた",
        "客から何時間も怒鳴られた", "先輩にいびられている", "同僚からハブられている", "職場でシカトされている",
        "上司に毎日詰められる", "「向いてないから辞めたら」と言われる", "人格を否定するようなことを言われる",
        "ミスをみんなの前で晒された", "無理やりお酒を飲まされた", "休日も夜中も上司から電話が来て出ないと怒られる",
        "病気のことを勝手に言いふらされた", "辞めさせるための部署に異動させられた", "仕事を干されている",
        "パワハラを受けている", "セクハラされている", "マタハラにあった", "いじめられている",
    ),
    "health": (
        "夜眠れない", "夜中に何度も目が覚める", "朝早く目が覚めてそのまま眠れない", "ご飯の味がしない",
        "食欲がない", "食べても吐いてしまう", "体重が急に減った", "胃がずっと痛い", "毎日頭痛がする",
        "会議の前になると手が震える", "急に涙が止まらなくなる", "動悸がする", "息が苦しくなる",
        "朝起きると体が鉛みたいに重い", "何をしても楽しくない", "集中できなくてミスが増えた",
        "休日は寝込んで何もできない", "会社の最寄り駅で足がすくむ", "電車に乗れなくなった",
        "出社前に吐き気がする", "毎晩お酒がないと眠れない", "ずっと疲れが取れない", "頭がぼーっとして働かない",
        "めまいがする", "耳鳴りが止まらない", "心療内科に通っている", "適応障害と診断された",
        "メンタルが限界", "気力がわかない", "何も感じなくなった", "蕁麻疹が出るようになった",
        "日曜の夜になるとお腹が痛くなる", "文字を読んでも頭に入ってこない", "体が動かない",
    ),
    "": (
        "死ぬほど忙しい", "締め切りに殺されそう", "このゲームで何回も死んだ", "映画で主人公が死ぬ場面で泣いた",
        "消しゴムをなくした", "電気を消し忘れた", "古いファイルを消したい", "不要なプロセスをkillした",
        "プロジェクトが炎上している", "転職したい", "会社を辞めたい", "異動したい", "評価に納得がいかない",
        "上司に注意されたけど納得している", "厳しいフィードバックをもらったけど的確だった", "ハラスメント研修を受けた",
        "育休から復帰して新しい仕事を任された", "妊娠を報告したらみんな祝ってくれた", "自分からプロジェクトを外れた",
        "使っていないチャンネルから退出した", "今日で最後の出社です、お世話になりました", "引っ越しの準備で部屋を片付けている",
        "楽しみで眠れなかった", "筋トレで筋肉痛がひどい", "二日酔いで頭が痛い", "花粉症で涙が止まらない",
        "ゲームで夜更かしした", "キャリアの方向性が見えない", "モヤモヤしている", "1on1で何を話せばいいかわからない",
        "眠すぎて死にそう", "笑いすぎて死ぬかと思った", "スマホが死んだ", "飛び込み営業が苦手",
        "新しい業界に飛び込みたい", "次の休みはずっと寝ていたい", "早く帰りたい", "今年最後の会議が終わった",
        "自殺予防のポスターを作った", "産業医面談の日程を決めた", "健康診断の予約をした", "副業を始めたい",
        "社内公募に応募しようか迷っている", "首を長くして待っている", "昇進したけど不安", "やる気が出ない日もある",
    ),
}
EN_CORES: dict[str, tuple[str, ...]] = {
    "crisis": (
        "I want to die", "I don't want to wake up tomorrow", "I'm a burden to everyone", "tonight is the last time",
        "I can't see myself going on", "I took too many pills last week", "I cut myself again",
        "everyone would be better off without me", "I've been giving my things away", "I want to disappear for good",
        "I've been thinking about ending it", "I looked up ways to die", "I stood at the edge of the platform",
        "there's no point in living", "I wish I'd never been born", "I'm tired of being alive",
    ),
    "harassment": (
        "my boss told me to quit in front of everyone", "I was kicked out of the team chat", "my manager yells at me every day",
        "they took my projects away after my parental leave", "they suggested I resign after I announced my pregnancy",
        "a colleague keeps touching me", "he calls me useless in meetings", "everyone ignores me on purpose",
        "my boss threatened my review", "they mock my accent", "my manager takes credit for my work",
    ),
    "health": (
        "I can't sleep", "I wake up at 4 every morning", "I have no appetite", "I keep throwing up before work",
        "my hands shake all the time", "I cry for no reason", "my chest gets tight on the way to work",
        "I can't concentrate at all", "I've lost a lot of weight", "I need alcohol to sleep", "I feel numb",
        "I have headaches every day",
    ),
    "": (
        "this deadline is killing me", "I died so many times in that game", "I'm dying to try the new role",
        "I want to quit my job", "my last day is Friday, thanks everyone", "I got tough but fair feedback",
        "I killed the process", "my phone died", "I couldn't sleep because I was excited", "I'm bored to death",
        "I'm organizing the harassment training", "I lost weight on my diet", "I need a new eraser",
        "I left the channel because I changed teams", "I'm not sure about my career direction",
    ),
}


def templated(seed: int = 7, per_core: int = 6) -> list[Example]:
    """Sentences built from a core (which carries the label) and a shared opener and ending."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not security
    examples: list[Example] = []
    for cores, openers, endings in ((JA_CORES, JA_OPENERS, JA_ENDINGS), (EN_CORES, EN_OPENERS, EN_ENDINGS)):
        for kind, phrases in cores.items():
            labels = frozenset([kind]) if kind else frozenset()
            for phrase in phrases:
                seen: set[str] = set()
                for _ in range(per_core):
                    text = rng.choice(openers) + phrase + rng.choice(endings)
                    if text not in seen:
                        seen.add(text)
                        examples.append((labels, text))
    return examples


_EMOJI = ("😢", "😭", "🥲", "😞", "💦", "🙏", "…", "。。。", "w", "！")


def noisy(examples: list[Example], seed: int = 11, rate: float = 0.5) -> list[Example]:
    """Typo-like variants: a dropped or doubled character, an emoji, no punctuation, upper case."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not security
    out: list[Example] = []
    for labels, text in examples:
        if rng.random() > rate or len(text) < 6:
            continue
        choice = rng.randrange(5)
        if choice == 0:
            i = rng.randrange(1, len(text) - 1)
            variant = text[:i] + text[i + 1 :]
        elif choice == 1:
            i = rng.randrange(1, len(text) - 1)
            variant = text[:i] + text[i] + text[i:]
        elif choice == 2:
            variant = text.rstrip("。.!?！？") + rng.choice(_EMOJI)
        elif choice == 3:
            variant = text.replace("、", " ").replace("。", " ").strip()
        else:
            variant = text.upper() if text.isascii() else "「" + text + "」"
        out.append((labels, variant))
    return out


def hiragana_variants(examples: list[Example], seed: int = 13, rate: float = 0.3) -> list[Example]:
    """Hiragana-only readings of Japanese lines (people type without converting), via Sudachi."""
    try:
        from sudachipy import Dictionary, SplitMode
    except ImportError:  # pragma: no cover - training extra
        return []
    from jatext.normalize import has_japanese, kana_to_hiragana

    tokenizer = Dictionary(dict="core").create(mode=SplitMode.C)
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not security
    out: list[Example] = []
    for labels, text in examples:
        if not has_japanese(text) or rng.random() > rate:
            continue
        reading = "".join(
            m.surface() if m.reading_form() in ("", "キゴウ") or not has_japanese(m.surface()) else m.reading_form()
            for m in tokenizer.tokenize(text)
        )
        out.append((labels, kana_to_hiragana(reading)))
    return out


_ROMAJI = {
    "きゃ": "kya", "きゅ": "kyu", "きょ": "kyo", "しゃ": "sha", "しゅ": "shu", "しょ": "sho", "ちゃ": "cha",
    "ちゅ": "chu", "ちょ": "cho", "にゃ": "nya", "にゅ": "nyu", "にょ": "nyo", "ひゃ": "hya", "ひょ": "hyo",
    "りゃ": "rya", "りゅ": "ryu", "りょ": "ryo", "じゃ": "ja", "じゅ": "ju", "じょ": "jo", "ぎょ": "gyo",
}
_ROMAJI_1 = dict(
    zip(
        "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
        "がぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽぁぃぅぇぉゃゅょ",
        "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo "
        "ya yu yo ra ri ru re ro wa wo n ga gi gu ge go za ji zu ze zo da ji zu de do ba bi bu be bo pa pi pu pe po "
        "a i u e o ya yu yo".split(),
        strict=True,
    )
)


def romaji(hiragana: str) -> str:
    """A rough Hepburn spelling of hiragana text (small っ doubles the next consonant)."""
    out: list[str] = []
    i = 0
    double = False
    while i < len(hiragana):
        pair = hiragana[i : i + 2]
        if pair in _ROMAJI:
            piece, i = _ROMAJI[pair], i + 2
        elif hiragana[i] == "っ":
            double, i = True, i + 1
            continue
        elif hiragana[i] == "ー":
            piece, i = (out[-1][-1] if out and out[-1] else ""), i + 1
        else:
            piece, i = _ROMAJI_1.get(hiragana[i], hiragana[i]), i + 1
        if double and piece:
            piece = piece[0] + piece
            double = False
        out.append(piece)
    return "".join(out)


def romaji_variants(hiragana_examples: list[Example], seed: int = 17, rate: float = 0.25) -> list[Example]:
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not security
    return [
        (labels, romaji(text).replace("、", " ").replace("。", " ").strip())
        for labels, text in hiragana_examples
        if rng.random() < rate
    ]

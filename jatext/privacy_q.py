"""Whether a message asks who can see, keep or use what the person writes here.

「これってセンター長に通知いったりする？？」「ここでの入力内容は人事課に共有されることはございますか」
"This is saved? who can read? my leader can read?" "Is any of this visible to my employer?" — the
question that decides whether someone keeps writing. Round 25's blind review found five of them
answered "I cannot answer that", echoed as an answer, or shown the manager's preview instead.

The reading is built from the parts of such a question, one sentence at a time, not from a list of
whole sentences:

- **reaching someone or being kept**: 見られる, 伝わる, バレる, 通知, 報告, 共有される, 残る, 保存,
  査定に使われる; "see", "read", "visible", "notified", "tracked", "saved", "used for my review";
- **about this place or by someone at work**: ここ, これ, 書いた, 入力, 話した, 使っている;
  会社, 人事, 上司 or a title, 誰, 派遣元; "this", "any of this", "what I write", "my usage"; "HR",
  "my manager", "the company", "who", "anyone";
- **asked**: a question mark or a question's ending (か, かな, よね, っけ, やろ, ございますか, "right");
- and **not about something else** (whether a job application, a side job, the EAP or the physician
  tells the manager is for those to say), nor a request (見せて, 入れないで: other readers take those).

Figures on a blind development set and a held-aside set it was never tuned on:
``bench/privacy_q_eval.py`` (``jatext/data/privacy_q_blind_{dev,held}.tsv``).
"""

from __future__ import annotations

import re
import unicodedata

from jatext.preview import MANAGER_JA

__all__ = ["asks_about_privacy", "names_another_activity"]

_SENTENCE = re.compile(r"(?<=[。．！？!?\n])|(?<=[.](?=\s))")

_REACH_JA = re.compile(
    # (「人事部の方がご覧になることはございませんか」「人事の人が見ることはありますか」: round 33)
    r"ご覧|ごらん|見る(?:こと|の|ん|とか)|みる(?:こと|の|ん)|見ます|目に(?:する|し|触れ|入)|"
    r"見え|見ら|みら|見れ|読め|読ま|よま|知られ|しられ|知ら(?:せ|れ)|バレ|ばれ|伝わ|つたわ|共有さ|送られ|通知|報告さ|報告い|上が(?:る|っ)|"
    r"記録|残(?:る|り|っ|さ)|のこ(?:る|り|っ)|保存|(?<![ァ-ヶー])ログ(?![ァ-ヶー])|履歴|使われ|査定|評価に|筒抜け|のぞ|覗|チェックさ|把握さ|(?:利用|使っ|使う)[^。]{0,20}把握(?:する|でき|して)|監視|追跡|"
    r"連絡(?:が|って)?(?:い|行)|わか(?:る|っちゃ|られ)|分か(?:る|っちゃ|られ)|届(?:く|い)|回(?:る|っ)|漏れ|もれ|"
    r"影響|材料|参照|特定|集計|通報|確認さ|匿名|消え|きえ|消せ|けせ|削除|利用者|名簿|リスト|"
    # whether deleting removes it: 「これ消したら完全にきえる？」 (round 31 was told "I cannot answer that")
    r"(?:消|け)し(?:たら|ても|た後|たあと)|"
    # 「これ、全部教頭先生に行っちゃうんですか？」 (round 31: "I cannot answer that")
    r"(?:に|へ)[、\s]*(?:全部|ぜんぶ|そのまま)?[、\s]*(?:行|い)(?:く|っちゃ|ったり|きます|きません|かない)"
)
# seen or read, said of what was just written: 「見られたりしない？」 needs no subject or object
_SEEN_BARE_JA = re.compile(r"見られ|みられ|読まれ|よまれ|覗かれ|のぞかれ|バレ|ばれ|筒抜け|監視され")
_THIS_JA = re.compile(
    r"ここ|これ|この(?:会話|アプリ|サービス|チャット|ツール|内容|やりとり|やり取り|画面)|書いた|書いて|書く|書き込|入力|"
    r"話した|話して|喋った|しゃべった|相談した|相談して|打った|使って(?:る|い)|使った|使う(?:と|の)|利用|壁打ち|kabeuchi|会話|内容|中身|やりとり"
)
_WHO_JA = re.compile(
    MANAGER_JA + r"|会社|人事|誰(?!か)|だれ(?!か)|誰か(?=に(?:読まれ|見られ|みられ|よまれ|覗かれ))|周り|職場|同僚|管理者|運営|情シス|システム部|派遣元|本社|本部|教育委員会|組合|上の人|上層部|経営|法人|園長|校長|先生"
)
_ASKED_JA = re.compile(
    r"[？?]|(?:か|かな|かね|かしら|の|のか|んか|よね|っけ|やろ|やんな|やんか|とや|ございますか|でしょうか|ますか|ですか|ませんか|"
    r"ない(?:です)?よね|ないか|せん(?:です)?よね|大丈夫(?:です)?か)(?:ね)?[。．…ｗw笑\s!！]*$|"
    r"か(?:不安|心配|気にな)|本当[？?]?$|ほんと[？?]?$"
)
# a request, not a question: other readers take these (jatext.preview, the guide's keep-back rules)
_REQUEST_JA = re.compile(
    r"(?:見せ|入れ|載せ|書か|出さ|言わ)(?:ない|ん)で|(?:見せ|表示し|出し)(?:て|てください|てほしい|てもらえ)(?![^。]*(?:か|[？?]))|といて$|とって$|"
    r"(?:入れ|残し|保存し|記録し|メモし)(?:て|と)(?:いて|おいて|ください|ほしい|もらえ|くれ)"
)
# whether something ELSE tells the manager: a job application, a side job, the EAP, the physician
_OTHER_JA = re.compile(
    r"公募|応募|副業|転職|エージェント|eap|産業医|窓口|相談室|カウンセ|保健|カレンダー|スケジュール|slack|teams|メール|勤怠|有給|診断書|病院|クリニック|健診|ストレスチェック|面接|"
    r"テレワーク|pc|パソコン|操作|eラーニング|受講|研修|面談記録|面談の内容|キャリア面談|hrbp|vpn|閲覧|社用|派遣先|チャットツール|制度|プログラム|相談(?:したら|すると|しても|した場合)"
)

_REACH_EN = re.compile(
    r"\b(?:see|sees|seen|read|reads|access|view|visible|monitor(?:ed|s|ing)?|spy(?:ing)?|surveil\w*|track(?:ed|s|ing)?|notif(?:y|ied|ication|ications)|told|"
    r"inform(?:ed)?|reported|flag(?:ged)?|know|find out|saved?|stored?|record(?:ed|s)?|logged|kept|keep|used (?:for|in|against)|"
    r"evaluation|appraisal|private|confidential|shared?|leak(?:ed)?|delete[ds]?|pull up|look at|trace|out me|identify|identified|alert|"
    r"trigger|affect|anonymous|gone|hidden|flagged|tell (?:if|whether|that))\b",
    re.IGNORECASE,
)
_THIS_EN = re.compile(
    r"\b(?:this|here|what i (?:write|wrote|type|typed|say|said|put)|my (?:messages?|chats?|conversations?|answers?|notes?|usage|use|writing)|"
    r"using (?:this|it|the app|kabeuchi)|usage|the app|kabeuchi|(?:this|these|the|my) (?:chat|conversation|data|session)s?)\b",
    re.IGNORECASE,
)
_WHO_EN = re.compile(
    r"\b(?:hr|my (?:manager|boss|lead|leader|supervisor|employer|company|team lead)|the company|employer|company|anyone|anybody|someone|"
    r"somebody|admin|it department|leader|manager|boss|who|people at work)\b",
    re.IGNORECASE,
)
_ASKED_EN = re.compile(
    r"\?|^\s*(?:(?:so|and|but|ok|okay|quick question|honestly)[,:]?\s+)*(?:is|are|does|do|did|can|could|will|would|who|what|how|where)\b|"
    r"\bright\s*$|\bjust checking\b|\bwondering\b|\bcurious\b|\b(?:is|are|does|do|can|will) (?:it|this|that|these|they)\b",
    re.IGNORECASE,
)
_REQUEST_EN = re.compile(r"\b(?:don'?t|do not|please not|never) (?:show|put|write|include|tell)\b|\bshow me\b|\bpreview\b", re.IGNORECASE)
_OTHER_EN = re.compile(
    r"\b(?:application|apply|applied|side (?:job|gig|hustle)s?|posting|eap|doctor|physician|desk|counsell?or|calendar|slack|teams|e-?mail|timesheet|interview|"
    r"vpn|laptop|browsing|training|e-?learning|course)\b",
    re.IGNORECASE,
)


def asks_about_privacy(text: str) -> bool:
    """Whether a sentence of ``text`` asks who can see, keep or use what is written here."""
    # a question quoted (『…残る？』って聞いてみる) is not asked here: quotes go before the split
    unquoted = _QUOTED.sub(" ", unicodedata.normalize("NFKC", text or ""))
    if any(_SAFE_TO_WRITE.search(s) for s in _SENTENCE.split(unquoted)):
        return True  # 「ここに書いて大丈夫か」 "is it safe to write this here?" (round 27)
    parts = [s.strip() for s in _SENTENCE.split(unquoted) if s.strip()]
    if not any(_sentence_asks(s) for s in parts) and not any(
        # 「会社が入れたやつだろ、これ。どうせ監視用じゃないのか」: this place named in the sentence
        # before the one that asks (round 29's R29-20 got 「…実際にはどんなことがありましたか」)
        _sentence_asks(f"{before.rstrip('。．.!！')}、{after}") for before, after in zip(parts, parts[1:], strict=False)
        if _MONITORED.search(after.lower())
    ):
        return False
    # 「会社にEAPがあるのは知っています。…使ったら会社に知られますか。」: the question is about the EAP
    return not names_another_activity(unquoted)


_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# whether it is safe to write something here, asked outright
_SAFE_TO_WRITE = re.compile(
    r"(?:ここ|これ|この(?:こと|話))(?:に|で|は|を)?[、\s]*(?:書いて|書い|書き込んで|話して|言って)(?:も)?[、\s]*(?:大丈夫|いい|平気|問題ない|安全)"
    r"(?:です|なん|なの)?(?:か|でしょうか|かな|？|\?|$)|"
    r"\b(?:is it|it'?s) (?:safe|ok|okay|fine) to (?:write|say|put|share|talk about)\b[^.?]*\bhere\b|\bcan i (?:safely )?(?:write|say|put) (?:this|that|it) here\b",
    re.IGNORECASE,
)


# watched: 監視, "monitoring tool", "spying on us"
_MONITORED = re.compile(r"監視|見張|スパイ|\bmonitor(?:ing|ed)?\b|\bspy(?:ing)?\b|\bsurveil", re.IGNORECASE)
# this place named outright: what the question is about even beside another activity
_HERE_JA = re.compile(r"ここ|これ|この(?:会話|アプリ|サービス|チャット|ツール)|書いた|書いて|入力|壁打ち|kabeuchi")
_HERE_EN = re.compile(r"\b(?:this|here|what i|kabeuchi|the app|my (?:messages|chats|usage|use))\b", re.IGNORECASE)


def names_another_activity(text: str) -> bool:
    """Whether ``text`` is about something other than this place (a job application, a side job,
    the EAP or the desk, a company system) and never names this place outright."""
    folded = unicodedata.normalize("NFKC", text or "")
    lowered = folded.lower()
    other = _OTHER_EN.search(folded) if not _JAPANESE.search(folded) else _OTHER_JA.search(lowered)
    here = _HERE_EN.search(folded) if not _JAPANESE.search(folded) else _HERE_JA.search(lowered)
    return bool(other) and not here


_QUOTED = re.compile(r"「[^」]*」|『[^』]*』|\"[^\"]*\"|“[^”]*”")


def _sentence_asks(sentence: str) -> bool:
    # English with a Japanese word in it ("if I go to 産業医, my supervisor will know?") is English
    if not _JAPANESE.search(sentence) or len(re.findall(r"[A-Za-z]", sentence)) > 2 * len(_JAPANESE.findall(sentence)):
        if not (_REACH_EN.search(sentence) and _ASKED_EN.search(sentence)) or _REQUEST_EN.search(sentence):
            return False
        this, who = _THIS_EN.search(sentence), _WHO_EN.search(sentence)
        if _OTHER_EN.search(sentence) and not _HERE_EN.search(sentence):
            return False
        return bool(this or who)
    lowered = sentence.lower()
    if not (_REACH_JA.search(lowered) and _ASKED_JA.search(lowered)) or _REQUEST_JA.search(lowered):
        return False
    this, who = _THIS_JA.search(lowered), _WHO_JA.search(lowered)
    if not (this or who) and not _OTHER_JA.search(lowered) and (
        (len(lowered) <= 16 and _SEEN_BARE_JA.search(lowered)) or re.search(r"特定され|匿名", lowered)
    ):
        return True  # 「見られたりしない？」 right after what was written: about it
    if _OTHER_JA.search(lowered) and not _HERE_JA.search(lowered):
        return False
    return bool(this or who)

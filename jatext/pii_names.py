"""Common English given names that are not also ordinary words, for finding a bare first name in
English text ("Jessica at the agency").  Names that are words (Will, May, Mark, Grace, Hope, Rose,
Bill, April, Summer …) are left out on purpose: they would replace ordinary words."""

GIVEN_NAMES: tuple[str, ...] = tuple(
    """
    James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew Anthony
    Steven Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason Jeffrey Ryan Jacob Gary
    Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Patrick Raymond
    Dennis Tyler Aaron Jose Adam Nathan Henry Zachary Douglas Peter Kyle Noah Ethan Jeremy Christian Walter
    Keith Austin Roger Terry Sean Gerald Carl Dylan Harold Jordan Jesse Bryan Lawrence Arthur Gabriel Bruce
    Logan Albert Willie Alan Eugene Russell Vincent Philip Bobby Johnny Bradley Leo Liam Lucas Oliver Mason
    Elijah Aiden Owen Luke Isaac Caleb Hunter Connor Evan Ian Adrian Julian Miguel Carlos Luis Juan Diego
    Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Margaret Sandra
    Ashley Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah Stephanie Rebecca Sharon Laura
    Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen Samantha Katherine Christine
    Debra Rachel Carolyn Janet Catherine Maria Heather Diane Julie Olivia Joyce Victoria Kelly Christina Lauren
    Joan Evelyn Judith Megan Cheryl Andrea Hannah Martha Jacqueline Gloria Teresa Sara Madison Kathryn Janice
    Jean Abigail Alice Judy Sophia Denise Marie Danielle Isabella Beverly Natalie Diana Brittany Charlotte
    Kayla Alexis Lori Ava Mia Chloe Zoe Ella Aria Layla Nora Hazel Aurora Priya Aisha Fatima Mohammed Ahmed
    Ali Omar Raj Rahul Arjun Ananya Wei Jing Min Hyun Jisoo Nguyen Minh Linh Thanh Hieu Sven Lars Hans
    Klaus Pierre Jean-Pierre Francois Giulia Marco Luca Sofia Alessandro Pablo Javier Sergio Elena Olga Ivan
    Dmitri Natasha Yuki Kenji Hiroshi Takeshi Akira Naoko Yoko Keiko Haruka Yuto Sota Hinata
    Haruto Minato Yamato Riku Hiroto Daiki Kaito Takumi Yusuke Shota Shunsuke Ryota Kenta Daisuke Takuya
    Kazuya Naoki Tetsuya Koji Seiji Makoto Satoshi Hiroki Kazuki Kouki Yuma Sosuke Ryosuke Kosuke Shinji
    Masato Masaki Tomoya Yosuke Yuya Hayato Tsubasa Shun Yuji Yuichi Kenichi Shinichi Junichi Takashi
    Mei Yui Hina Rin Aoi Mio Yuna Sakura Misaki Ayaka Haruna Nanami Miyu Yuka Yukari Kaori Naomi Megumi
    Chihiro Akane Hikari Reina Yumi Mayumi Tomoko Sachiko Kumiko Noriko Hiromi Emiko Ayumi Erika Rika
    Saki Mizuki Natsuki Asuka Kanako Shiori Minori Chiaki Yuko Akiko Michiko Kyoko Junko Mariko Eri Airi
    Jun Min-jun Ji-woo Seo-yeon Ji-hoon Hye-jin Xiaoming Mingyu Jiayi Yuxuan Zihan
    """.split()
)

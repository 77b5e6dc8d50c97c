package passphrase

// romajiWords are common Japanese words, names and places in romaji, most
// common first, which zxcvbn's English lists lack: without them it rates
// "sakura neko" as strong. They are given to the estimator as a dictionary
// (user inputs), so a passphrase made of them is rated as guessable as it
// is. Written for Kiroku, not taken from a list.
var romajiWords = []string{
	// everyday words
	"arigatou", "arigato", "konnichiwa", "konbanwa", "ohayou", "ohayo", "sayonara", "sayounara", "sumimasen",
	"gomennasai", "daisuki", "suki", "kawaii", "sugoi", "genki", "ganbare", "ganbatte", "yoroshiku", "kanpai",
	"aishiteru", "tomodachi", "kazoku", "kodomo", "okaasan", "otousan", "oneesan", "oniisan", "imouto", "otouto",
	"sakura", "neko", "inu", "tori", "sakana", "usagi", "kuma", "kitsune", "tanuki", "ringo", "mikan", "ichigo",
	"momo", "budou", "banana", "sushi", "ramen", "udon", "soba", "tempura", "onigiri", "gohan", "pan", "ocha",
	"mizu", "sake", "biiru", "koohii", "kohi", "yama", "kawa", "umi", "sora", "hoshi", "tsuki", "hana", "kaze",
	"ame", "yuki", "kumo", "taiyou", "hikari", "yume", "kokoro", "ai", "inochi", "shiawase", "egao", "namida",
	"haru", "natsu", "aki", "fuyu", "asa", "hiru", "yoru", "kyou", "ashita", "kinou", "ima", "zutto", "itsumo",
	"aka", "ao", "kiiro", "midori", "shiro", "kuro", "murasaki", "pinku", "orenji", "ichi", "ni", "san", "yon",
	"shi", "go", "roku", "nana", "shichi", "hachi", "kyuu", "ku", "juu", "hyaku", "sen", "man",
	"kaisha", "shigoto", "jouzu", "sensei", "gakkou", "daigaku", "tomo", "koibito", "kare", "kanojo", "watashi",
	"boku", "ore", "anata", "kimi", "nihon", "nippon", "nihongo", "eigo", "gaijin", "densha", "kuruma", "jitensha",
	"ie", "uchi", "heya", "mado", "doa", "tsukue", "isu", "hon", "pen", "kami", "kagi", "okane", "saifu",
	"kamisama", "jinja", "otera", "matsuri", "hanabi", "kimono", "yukata", "anime", "manga", "otaku", "ninja",
	"samurai", "shogun", "sensou", "heiwa", "jiyuu", "himitsu", "anshin", "daijoubu", "pasuwaado", "kiroku",
	// family names
	"sato", "satou", "suzuki", "takahashi", "tanaka", "watanabe", "ito", "itou", "yamamoto", "nakamura",
	"kobayashi", "kato", "katou", "yoshida", "yamada", "sasaki", "yamaguchi", "matsumoto", "inoue", "kimura",
	"hayashi", "shimizu", "yamazaki", "mori", "abe", "ikeda", "hashimoto", "yamashita", "ishikawa", "nakajima",
	"maeda", "fujita", "ogawa", "goto", "okada", "hasegawa", "murakami", "kondo", "ishii", "saito", "sakamoto",
	"endo", "aoki", "fujii", "nishimura", "fukuda", "ota", "miura", "fujiwara", "okamoto", "matsuda", "nakagawa",
	// given names
	"hiroshi", "takashi", "kenji", "akira", "yuki", "yuka", "yuko", "yumi", "keiko", "kenta", "shota", "haruto",
	"sota", "yuto", "riku", "ren", "hina", "yui", "aoi", "mei", "rin", "sakiko", "naoko", "tomoko", "akiko",
	"hiroko", "kazuki", "daiki", "takumi", "taro", "hanako", "ichiro", "jiro", "makoto", "satoshi", "tsubasa",
	"haruka", "misaki", "nanami", "ayaka", "mana", "emi", "miki", "maki", "kaori", "megumi", "ai",
	// places
	"tokyo", "toukyou", "osaka", "oosaka", "kyoto", "kyouto", "yokohama", "nagoya", "sapporo", "kobe", "fukuoka",
	"sendai", "hiroshima", "nara", "okinawa", "hokkaido", "kyushu", "shikoku", "honshu", "shibuya", "shinjuku",
	"ikebukuro", "akihabara", "ginza", "asakusa", "ueno", "harajuku", "roppongi", "kawasaki", "saitama", "chiba",
	"fuji", "fujisan", "nagano", "niigata", "kanazawa", "kumamoto", "kagoshima", "shizuoka", "okayama",
}

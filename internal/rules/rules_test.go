package rules_test

import (
	"errors"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kiroku-app/kiroku/assets"
	"github.com/kiroku-app/kiroku/internal/rules"
)

// embedded returns the library's files as shipped.
func embedded(t testing.TB) fs.FS {
	t.Helper()
	sub, err := fs.Sub(assets.Rules, "rules")
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// The embedded library loads: Default must never panic in a release.
func TestDefaultLoads(t *testing.T) {
	if _, err := rules.Load(embedded(t)); err != nil {
		t.Fatalf("embedded library does not load:\n%v", err)
	}
	l := rules.Default()
	if len(l.Rules()) == 0 || len(l.Categories()) == 0 {
		t.Fatal("empty library")
	}
	t.Logf("%d rules, %d categories, %d documents", len(l.Rules()), len(l.Categories()), len(l.Documents()))
}

func TestEveryRuleIsComplete(t *testing.T) {
	l := rules.Default()
	both := func(t *testing.T, what string, x rules.Text) {
		t.Helper()
		if strings.TrimSpace(x.JA) == "" || strings.TrimSpace(x.EN) == "" {
			t.Errorf("%s: missing a language: %+v", what, x)
		}
	}
	both(t, "notice", l.Notice())
	for _, r := range l.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			both(t, "title", r.Title)
			both(t, "summary", r.Summary)
			both(t, "notice", r.Notice)
			if r.Notice != l.Notice() {
				t.Error("rule does not carry the library notice")
			}
			if len(r.Points) == 0 || len(r.Evidence) == 0 {
				t.Error("no points or no evidence")
			}
			for _, p := range slices.Concat(r.Points, r.Evidence) {
				both(t, "point", p)
			}
			if len(r.Sources) == 0 {
				t.Fatal("no source")
			}
			for _, s := range r.Sources {
				both(t, "source title", s.Document.Title)
				both(t, "source edition", s.Document.Edition)
				both(t, "source section", s.Section)
			}
			if _, ok := l.Rule(r.ID); !ok {
				t.Error("Rule(id) does not find it")
			}
		})
	}
}

func TestIDsAreUniqueKebabCase(t *testing.T) {
	l := rules.Default()
	seen := map[string]bool{}
	check := func(kind, id string) {
		if !rules.IsID(id) {
			t.Errorf("%s id %q is not kebab-case", kind, id)
		}
		if seen[kind+id] {
			t.Errorf("%s id %q is used twice", kind, id)
		}
		seen[kind+id] = true
	}
	for _, r := range l.Rules() {
		check("rule", r.ID)
	}
	for _, c := range l.Categories() {
		check("category", c.ID)
	}
	for _, d := range l.Documents() {
		check("document", d.ID)
	}
	for _, tt := range []struct {
		id string
		ok bool
	}{
		{"power-harassment", true}, {"item-80-hours", true}, {"a", true},
		{"", false}, {"-a", false}, {"a-", false}, {"a--b", false}, {"A", false},
		{"a_b", false}, {"a b", false}, {"パワハラ", false}, {strings.Repeat("a", 65), false},
	} {
		if got := rules.IsID(tt.id); got != tt.ok {
			t.Errorf("IsID(%q) = %v, want %v", tt.id, got, tt.ok)
		}
	}
}

// Every category leads to at least one rule, and every rule's categories
// exist: a tag in the diary always has something to read behind it.
func TestCategoriesAndRulesAreLinked(t *testing.T) {
	l := rules.Default()
	groups := map[string]bool{}
	for _, g := range l.Groups() {
		groups[g.ID] = true
	}
	for _, c := range l.Categories() {
		if !groups[c.Group] {
			t.Errorf("category %q: unknown group %q", c.ID, c.Group)
		}
		if len(l.RulesFor([]string{c.ID})) == 0 {
			t.Errorf("category %q has no rule", c.ID)
		}
		if len(c.Keywords.JA) == 0 || len(c.Keywords.EN) == 0 {
			t.Errorf("category %q lacks keywords in a language", c.ID)
		}
	}
	for _, r := range l.Rules() {
		for _, id := range r.Categories {
			if _, ok := l.Category(id); !ok {
				t.Errorf("rule %q: unknown category %q", r.ID, id)
			}
		}
	}
}

// The coverage the product promises: these rules must exist.
func TestCoverage(t *testing.T) {
	l := rules.Default()
	for _, id := range []string{
		"power-harassment-definition", "power-harassment-types", "sexual-harassment-definition",
		"pregnancy-childcare-harassment-definition", "no-retaliation", "employer-measures",
		"rousai-mental-disorder", "rousai-special-events", "rousai-overall-assessment",
		"overtime-caps", "premium-pay", "breaks-and-days-off", "annual-paid-leave",
		"dismissal", "resignation", "sick-leave", "rousai-claim",
		"what-to-record", "internal-complaint", "union",
	} {
		if _, ok := l.Rule(id); !ok {
			t.Errorf("missing rule %q", id)
		}
	}
	items := map[int]string{}
	for _, r := range l.Rules() {
		if it := r.RousaiItem; it != nil {
			items[it.Number] = it.Strength
		}
	}
	// 2020 table: item number -> average strength.
	want := map[int]string{
		15: "II", 16: "II", 17: "II", 20: "III", 21: "II", 22: "II",
		24: "II", 29: "III", 30: "III", 31: "II", 32: "II", 37: "II",
	}
	for n, s := range want {
		if items[n] != s {
			t.Errorf("evaluation-table item %d: strength %q, want %q", n, items[n], s)
		}
	}
}

// Rules summarising the 2020 evaluation table must say that it was revised
// in 2023, in both languages.
func TestRousaiEditionIsStated(t *testing.T) {
	for _, r := range rules.Default().Rules() {
		cites2020 := slices.ContainsFunc(r.Sources, func(s rules.Source) bool {
			return s.Document.ID == "rousai-criteria-2020"
		})
		if r.RousaiItem != nil && !cites2020 {
			t.Errorf("%s: has a table item but does not cite the 2020 table", r.ID)
		}
		if !cites2020 || r.Kind != "rousai" {
			continue
		}
		if !strings.Contains(r.Caution.JA, "2020") || !strings.Contains(r.Caution.JA, "2023") ||
			!strings.Contains(r.Caution.EN, "2020") || !strings.Contains(r.Caution.EN, "2023") {
			t.Errorf("%s: caution must name the 2020 edition and the 2023 revision: %+v", r.ID, r.Caution)
		}
	}
}

// No rule may present a phone number: the ones in the sources are from 2020.
func TestNoPhoneNumbers(t *testing.T) {
	phone := regexp.MustCompile(`0\d{1,4}[-–‐ー－]\d{1,4}[-–‐ー－]\d{3,4}`)
	for _, r := range rules.Default().Rules() {
		for _, s := range ruleTexts(r) {
			if phone.MatchString(s.text) {
				t.Errorf("%s: %s looks like a phone number: %q", r.ID, s.field, phone.FindString(s.text))
			}
		}
	}
}

func TestRulesFor(t *testing.T) {
	l := rules.Default()
	all := l.Rules()
	order := map[string]int{}
	for i, r := range all {
		order[r.ID] = i
	}
	got := l.RulesFor([]string{"sexual-harassment", "long-hours", "no-such-category", "sexual-harassment"})
	if len(got) == 0 {
		t.Fatal("no rules")
	}
	seen := map[string]bool{}
	for i, r := range got {
		if seen[r.ID] {
			t.Errorf("rule %q returned twice", r.ID)
		}
		seen[r.ID] = true
		if !slices.Contains(r.Categories, "sexual-harassment") && !slices.Contains(r.Categories, "long-hours") {
			t.Errorf("rule %q is not related to the categories", r.ID)
		}
		if i > 0 && order[got[i-1].ID] > order[r.ID] {
			t.Errorf("not in reading order: %q before %q", got[i-1].ID, r.ID)
		}
	}
	for _, id := range []string{"sexual-harassment-definition", "rousai-item-sexual-harassment", "overtime-caps", "rousai-item-80-hours"} {
		if !seen[id] {
			t.Errorf("RulesFor misses %q", id)
		}
	}
	if n := len(l.RulesFor(nil)); n != 0 {
		t.Errorf("RulesFor(nil) returned %d rules", n)
	}
}

func TestSearch(t *testing.T) {
	l := rules.Default()
	ids := func(rs []rules.Rule) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	tests := []struct {
		name, query, lang string
		first             string   // expected first result, if set
		contains          []string // expected somewhere in the results
	}{
		{"english title", "overtime caps", "en", "overtime-caps", nil},
		{"case-insensitive", "OVERTIME CAPS", "en", "overtime-caps", nil},
		{"japanese title", "年次有給休暇", "ja", "annual-paid-leave", nil},
		{"full-width digits", "３６協定", "ja", "overtime-caps", nil},
		{"abbreviation term", "パワハラ", "ja", "", []string{"power-harassment-definition", "rousai-item-power-harassment"}},
		{"other language", "sexual harassment", "ja", "", []string{"sexual-harassment-definition", "rousai-item-sexual-harassment"}},
		{"all words must match", "outing Toshima", "en", "sogi-harassment-and-outing", nil},
		{"rousai item", "項目29", "ja", "rousai-item-power-harassment", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(l.Search(tt.query, tt.lang))
			if len(got) == 0 {
				t.Fatalf("Search(%q) found nothing", tt.query)
			}
			if tt.first != "" && got[0] != tt.first {
				t.Errorf("Search(%q) = %v, want %q first", tt.query, got, tt.first)
			}
			for _, id := range tt.contains {
				if !slices.Contains(got, id) {
					t.Errorf("Search(%q) = %v, missing %q", tt.query, got, id)
				}
			}
		})
	}
	for _, q := range []string{"", "   ", "xyzzy-no-such-word"} {
		if got := l.Search(q, "en"); len(got) != 0 {
			t.Errorf("Search(%q) = %v, want nothing", q, ids(got))
		}
	}
	// The reader's language ranks first: "ハラスメント" is in many Japanese
	// titles; in English the same rules are found through "harassment".
	if a, b := ids(l.Search("harassment", "en")), ids(l.Search("harassment", "ja")); len(a) == 0 || len(b) == 0 {
		t.Error("no results for harassment")
	}
}

func TestSuggest(t *testing.T) {
	l := rules.Default()
	tests := []struct {
		name, text string
		want       []string // must be suggested
		not        []string // must not be suggested
	}{
		{"ja shouting boss", "部長に会議室で「お前は無能だ」と大声で怒鳴られた。", []string{"verbal-abuse"}, []string{"sexual-harassment"}},
		{"ja touching", "課長に飲み会で体を触られ、しつこくデートに誘われた", []string{"sexual-harassment"}, []string{"long-hours"}},
		{"ja pregnancy", "妊娠を報告したら、産休を取るなら辞めてほしいと言われた", []string{"maternity-harassment", "forced-resignation"}, nil},
		{"ja overtime", "今月も残業が100時間を超えた。終電で帰る毎日。", []string{"long-hours"}, nil},
		{"ja ignored", "朝から誰も挨拶を返さず、チームのチャットから外された", []string{"isolation"}, nil},
		{"ja customer", "お客から土下座しろと言われた", []string{"customer-harassment"}, nil},
		{"ja unpaid", "残業代が払われない。タイムカードを定時で押すよう言われた", []string{"unpaid-wages"}, nil},
		{"ja outing", "上司が私の性的指向を同僚に言いふらした", []string{"privacy-intrusion"}, nil},
		{"ja full-width", "ＨＲに相談したが放置された", []string{"employer-response"}, nil},
		{"en shouting", "My manager shouted at me and called me an idiot in front of everyone.", []string{"verbal-abuse"}, []string{"sexual-harassment"}},
		{"en resign", "HR told me I should resign before the end of the month.", []string{"forced-resignation", "employer-response"}, nil},
		{"en touching", "He groped me in the elevator.", []string{"sexual-harassment"}, nil},
		{"en overtime", "Worked until midnight again, no overtime pay.", []string{"long-hours", "unpaid-wages"}, nil},
		{"en retaliation", "After I complained to HR they moved me to another branch.", []string{"retaliation", "transfer", "employer-response"}, nil},
		{"en curly apostrophe", "I can’t sleep since the meeting.", []string{"sick-leave"}, nil},
		{"en short words whole", "Worked 12 hrs, thrilled to be done.", nil, []string{"employer-response", "sick-leave"}},
		{"en word start", "The client was furious.", []string{"customer-harassment"}, nil},
		{"nothing", "今日は晴れ。It was a quiet day.", nil, []string{"power-harassment", "verbal-abuse"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := l.Suggest(tt.text)
			for _, id := range tt.want {
				if !slices.Contains(got, id) {
					t.Errorf("Suggest(%q) = %v, missing %q", tt.text, got, id)
				}
			}
			for _, id := range tt.not {
				if slices.Contains(got, id) {
					t.Errorf("Suggest(%q) = %v, should not contain %q", tt.text, got, id)
				}
			}
			for _, id := range got {
				if _, ok := l.Category(id); !ok {
					t.Errorf("Suggest returned unknown category %q", id)
				}
			}
		})
	}
	if got := l.Suggest(""); got != nil {
		t.Errorf("Suggest(\"\") = %v", got)
	}
	// The strongest match comes first.
	if got := l.Suggest("怒鳴られ、暴言を吐かれ、無能と侮辱された。残業もあった。"); len(got) == 0 || got[0] != "verbal-abuse" {
		t.Errorf("ranking: got %v, want verbal-abuse first", got)
	}
}

// Accessors return copies: callers cannot change the library.
func TestAccessorsReturnCopies(t *testing.T) {
	l := rules.Default()
	r := l.Rules()[0]
	orig := r.Points[0]
	r.Points[0] = rules.Text{JA: "改ざん", EN: "tampered"}
	r.Categories[0] = "tampered"
	if again, _ := l.Rule(r.ID); again.Points[0] != orig || again.Categories[0] == "tampered" {
		t.Error("mutating a returned rule changed the library")
	}
	var item rules.Rule
	for _, x := range l.Rules() {
		if x.RousaiItem != nil {
			item = x
			break
		}
	}
	item.RousaiItem.Strength = "X"
	if again, _ := l.Rule(item.ID); again.RousaiItem.Strength == "X" {
		t.Error("mutating a returned rousai item changed the library")
	}
	c := l.Categories()[0]
	c.Keywords.JA[0] = "tampered"
	if again, _ := l.Category(c.ID); again.Keywords.JA[0] == "tampered" {
		t.Error("mutating a returned category changed the library")
	}
}

func TestTextIn(t *testing.T) {
	x := rules.Text{JA: "日本語", EN: "English"}
	for lang, want := range map[string]string{"ja": "日本語", "en": "English", "fr": "English", "": "English"} {
		if got := x.In(lang); got != want {
			t.Errorf("In(%q) = %q, want %q", lang, got, want)
		}
	}
	if got := (rules.Text{EN: "only"}).In("ja"); got != "only" {
		t.Errorf("missing Japanese should fall back to English, got %q", got)
	}
}

func TestErrorsAreSentinels(t *testing.T) {
	_, err := rules.Load(fstestMap(t, map[string]string{"library.json": `{"schema": 99}`}))
	if !errors.Is(err, rules.ErrUnsupportedSchema) {
		t.Errorf("schema 99: got %v, want ErrUnsupportedSchema", err)
	}
}

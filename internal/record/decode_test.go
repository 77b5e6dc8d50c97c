package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// jsonDecode is the reference: what DecodeRevision did before the fast path.
func jsonDecode(b []byte) (Revision, error) {
	var r Revision
	err := json.Unmarshal(b, &r)
	return r, err
}

// encodeAny encodes r like Canonical but without its header checks, so that
// revisions with any version or salt can be compared.
func encodeAny(r Revision) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(r)
	return buf.String(), err
}

// checkSame fails t unless got and want are the same revision in every way
// encoding/json can tell apart, and in the ways it cannot (nil versus empty
// slice, *time.Location).
func checkSame(t *testing.T, in []byte, got, want Revision) {
	t.Helper()
	ge, gerr := encodeAny(got)
	we, werr := encodeAny(want)
	if ge != we || (gerr == nil) != (werr == nil) {
		t.Fatalf("re-encodings differ for %q:\n got  %s (%v)\n want %s (%v)", in, ge, gerr, we, werr)
	}
	sameTime(t, "recorded_at", got.RecordedAt, want.RecordedAt)
	sameTime(t, "event_time", got.Fields.EventTime, want.Fields.EventTime)
	for _, s := range []struct {
		name      string
		got, want bool
	}{
		{"people", got.Fields.People == nil, want.Fields.People == nil},
		{"witnesses", got.Fields.Witnesses == nil, want.Fields.Witnesses == nil},
		{"categories", got.Fields.Categories == nil, want.Fields.Categories == nil},
	} {
		if s.got != s.want {
			t.Fatalf("%s: nil = %v, encoding/json gives nil = %v (input %q)", s.name, s.got, s.want, in)
		}
	}
	// Both paths get their times from (*time.Time).UnmarshalJSON, so even
	// the *time.Location values agree (the same pointer for UTC, Local and
	// whole-hour offsets, equal contents for other offsets).
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("not deeply equal for %q:\n got  %#v\n want %#v", in, got, want)
	}
}

func sameTime(t *testing.T, name string, got, want time.Time) {
	t.Helper()
	gn, goff := got.Zone()
	wn, woff := want.Zone()
	if !got.Equal(want) || gn != wn || goff != woff || got.Location().String() != want.Location().String() ||
		got.IsZero() != want.IsZero() {
		t.Fatalf("%s: got %v (%q %d %v), want %v (%q %d %v)", name,
			got, gn, goff, got.Location(), want, wn, woff, want.Location())
	}
}

// checkDecode asserts the fast path accepts b and agrees with encoding/json.
func checkDecode(t *testing.T, b []byte) Revision {
	t.Helper()
	want, err := jsonDecode(b)
	if err != nil {
		t.Fatalf("encoding/json rejects %q: %v", b, err)
	}
	got, ok := decodeCanonical(b)
	if !ok {
		t.Fatalf("decodeCanonical rejects %q", b)
	}
	checkSame(t, b, got, want)
	viaAPI, err := DecodeRevision(b)
	if err != nil {
		t.Fatalf("DecodeRevision(%q): %v", b, err)
	}
	checkSame(t, b, viaAPI, want)
	return got
}

func typicalRevision() Revision {
	return Revision{
		Version: 1, Salt: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		EntryID: 1042, Rev: 3, Kind: KindEdit,
		RecordedAt: time.Date(2026, 11, 21, 0, 37, 59, 928415123, time.UTC),
		Fields: Fields{
			EventTime: time.Date(2026, 10, 3, 14, 30, 0, 0, time.FixedZone("", 9*3600)),
			EventZone: "Asia/Tokyo",
			Place:     "本社3F 会議室B",
			People:    []Person{{"田中部長", "superior"}, {"Sato", "colleague"}},
			Text:      "会議中に全員の前で怒鳴られた。\nHe threw the report at me.",
			Quote:     "「お前は使えない」",
			Witnesses: []string{"佐藤", "Suzuki"},
			Categories: []string{
				"power-harassment", "verbal-abuse",
			},
			Impact:  "眠れず、翌日は半休。",
			Actions: "Wrote this note the same evening; told HR on 10/4.",
		},
		Reason: "added the second witness",
	}
}

func tableRevisions() map[string]Revision {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		tokyo = time.FixedZone("JST", 9*3600)
	}
	base := typicalRevision
	revs := map[string]Revision{"typical": base(), "bench": benchRevision()}
	add := func(name string, edit func(r *Revision)) {
		r := base()
		edit(&r)
		revs[name] = r
	}
	add("minimal", func(r *Revision) {
		*r = Revision{Version: 1, Salt: strings.Repeat("0", 64)}
	})
	add("zero times nil slices", func(r *Revision) {
		r.RecordedAt, r.Fields.EventTime = time.Time{}, time.Time{}
		r.Fields.People, r.Fields.Witnesses, r.Fields.Categories = nil, nil, nil
		r.Reason = ""
	})
	add("empty slices", func(r *Revision) {
		r.Fields.People, r.Fields.Witnesses, r.Fields.Categories = []Person{}, []string{}, []string{}
	})
	add("mixed slices", func(r *Revision) {
		r.Fields.People, r.Fields.Witnesses, r.Fields.Categories = nil, []string{}, []string{"a"}
	})
	add("empty list items", func(r *Revision) {
		r.Fields.People = []Person{{}, {"", "hr"}, {"x", ""}}
		r.Fields.Witnesses = []string{"", ""}
		r.Fields.Categories = []string{""}
	})
	add("many people", func(r *Revision) {
		r.Fields.People = nil
		for i := range 40 {
			r.Fields.People = append(r.Fields.People, Person{strings.Repeat("名", i), Roles[i%len(Roles)]})
			r.Fields.Witnesses = append(r.Fields.Witnesses, strings.Repeat("w\"", i))
		}
	})
	add("escapes", func(r *Revision) {
		r.Fields.Text = "quote \" backslash \\ slash / newline \n cr \r tab \t bs \b ff \f"
		r.Fields.Quote = "\x00\x01\x02\x07\x0b\x0e\x1b\x1f\x7f end"
		r.Fields.Place = "<script>&amp;</script> > < &"
		r.Fields.Impact = "line sep \u2028 para sep \u2029 bom \ufeff fffd \ufffd"
		r.Fields.Actions = `\u0041 is not an escape here, nor \n`
		r.Fields.People = []Person{{`"Boss"`, `\role\`}}
		r.Fields.Witnesses = []string{"\n", "\"", "\\", "\t\t"}
		r.Reason = "\n"
	})
	add("emoji", func(r *Revision) {
		r.Fields.Text = "😀 👨‍👩‍👧 🇯🇵 𠮷野家 \U0010FFFF"
		r.Kind = "🙂"
		r.Fields.Categories = []string{"😡"}
	})
	add("invalid utf8", func(r *Revision) {
		// Canonical writes \ufffd for each bad byte; both decoders give U+FFFD.
		r.Fields.Text = "bad \xff\xfe byte, surrogate \xed\xa0\x80, cut \xe3\x81"
		r.Fields.Witnesses = []string{"\x80"}
	})
	add("only escapes", func(r *Revision) {
		r.Fields.Text = "\n\n\n"
		r.Fields.Quote = "\""
	})
	add("long text", func(r *Revision) {
		r.Fields.Text = strings.Repeat("長い文章です。Long text with \"quotes\".\n", 200)
	})
	add("extreme ints", func(r *Revision) {
		r.EntryID, r.Rev = math.MaxInt64, math.MaxInt
	})
	add("negative ints", func(r *Revision) {
		r.EntryID, r.Rev = math.MinInt64, math.MinInt
	})
	add("zero ints", func(r *Revision) { r.EntryID, r.Rev = 0, 0 })
	add("no reason", func(r *Revision) { r.Reason = "" })
	add("delete", func(r *Revision) {
		r.Kind, r.Reason = KindDelete, "重複していたため削除"
	})
	times := map[string]time.Time{
		"utc":            time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		"utc nanos":      time.Date(2026, 1, 2, 3, 4, 5, 123456789, time.UTC),
		"utc micros":     time.Date(2026, 1, 2, 3, 4, 5, 120000, time.UTC),
		"utc 1ns":        time.Unix(0, 1).UTC(),
		"unix local":     time.Unix(1700000000, 5),
		"now":            time.Now(), // monotonic reading, stripped by Canonical
		"+09:00":         time.Date(2026, 10, 3, 14, 30, 0, 0, time.FixedZone("", 9*3600)),
		"JST named":      time.Date(2026, 10, 3, 14, 30, 0, 999999999, time.FixedZone("JST", 9*3600)),
		"Asia/Tokyo":     time.Date(2026, 10, 3, 14, 30, 0, 0, tokyo),
		"-03:30":         time.Date(2026, 10, 3, 14, 30, 0, 1, time.FixedZone("", -(3*3600+30*60))),
		"+05:45":         time.Date(2026, 10, 3, 14, 30, 0, 0, time.FixedZone("NPT", 5*3600+45*60)),
		"+14:00":         time.Date(2026, 10, 3, 14, 30, 0, 0, time.FixedZone("", 14*3600)),
		"-12:00":         time.Date(2026, 10, 3, 14, 30, 0, 0, time.FixedZone("", -12*3600)),
		"+23:59":         time.Date(2026, 10, 3, 14, 30, 0, 0, time.FixedZone("", 23*3600+59*60)),
		"seconds offset": time.Date(2026, 10, 3, 14, 30, 0, 0, time.FixedZone("LMT", 9*3600+18*60+59)),
		"-00:00 offset":  time.Date(2026, 10, 3, 14, 30, 0, 0, time.FixedZone("GMT", 0)),
		"year 0":         time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
		"year 9999":      time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		"leap day":       time.Date(2024, 2, 29, 12, 0, 0, 0, time.FixedZone("", -5*3600)),
	}
	for name, tm := range times {
		add("event "+name, func(r *Revision) { r.Fields.EventTime = tm })
		add("recorded "+name, func(r *Revision) { r.RecordedAt = tm })
	}
	return revs
}

func TestDecodeCanonicalMatchesJSON(t *testing.T) {
	for name, r := range tableRevisions() {
		t.Run(name, func(t *testing.T) {
			b, err := r.Canonical()
			if err != nil {
				t.Fatal(err)
			}
			got := checkDecode(t, b)
			// For valid UTF-8 text the decoded revision re-encodes to the
			// same bytes.
			if _, err := ParseRevision(b); err == nil {
				again, err := got.Canonical()
				if err != nil || !bytes.Equal(again, b) {
					t.Fatalf("re-encoding differs:\n%s\n%s", again, b)
				}
			}
		})
	}
}

// TestDecodeCanonicalLocalZone checks the case where an offset matches the
// local zone: time.Time.UnmarshalJSON then uses time.Local, and so must we.
func TestDecodeCanonicalLocalZone(t *testing.T) {
	saved := time.Local
	defer func() { time.Local = saved }()
	for _, loc := range []*time.Location{time.FixedZone("JST", 9*3600), time.FixedZone("X", -(3*3600 + 30*60)), time.UTC} {
		time.Local = loc
		for name, r := range tableRevisions() {
			b, err := r.Canonical()
			if err != nil {
				t.Fatal(err)
			}
			t.Run(loc.String()+"/"+name, func(t *testing.T) { checkDecode(t, b) })
		}
	}
}

// withText returns the canonical bytes of the typical revision with the
// JSON string literal lit (without quotes) as the text.
func withText(t testing.TB, lit string) []byte {
	r := typicalRevision()
	r.Fields.Text = "@@TEXT@@"
	b, err := r.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Replace(b, []byte("@@TEXT@@"), []byte(lit), 1)
}

// Valid JSON escapes that Canonical itself never writes must still decode
// exactly as encoding/json decodes them.
func TestDecodeCanonicalEscapes(t *testing.T) {
	for _, lit := range []string{
		`\u00e9\u00C9`, `\u3042\u3044`, `\/\/`, `\u0022\u005c`,
		`\ud83d\ude00`, `\uD83D\uDE00`, // pair
		`\ud800`, `\udc00`, `\ud800x`, `\ud800\u0041`, `\ud800\ud800\udc00`, // lone surrogates
		`\udc00\ud800`, `\ud800\n`, `x\ud83d`, `\ud83d\ude00\ude00`,
		`\u0000\u001f\u007f\u0080\uffff\ufffe\ufffd`,
		`\b\f\n\r\t\"\\`,
		`a\\\\u0041`,
		`é直接 raw 😀`,
		"\x7f",
		``,
	} {
		checkDecode(t, withText(t, lit))
	}
}

// Time literals go to (*time.Time).UnmarshalJSON unchanged, as encoding/json
// passes them, so its leniencies (Go 1.26 accepts some non-RFC 3339 forms
// through time.Parse, see go.dev/issue/54580) carry over unchanged too.
func TestDecodeCanonicalLenientTimes(t *testing.T) {
	b, err := typicalRevision().Canonical()
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range []string{
		`2026-10-03T14:30:00+24:00`, `2026-10-03T4:30:00+09:00`, `2026-10-03T14:30:00,5+09:00`,
		`2026-10-03T14:30:00.1234567891234Z`, `2026-10-03T14:30:00.Z`, `2026-10-03T14:30:00+00:00`,
		`2026-10-03T14:30:00-00:00`, `2026-10-03t14:30:00z`, `0000-01-01T00:00:00+00:01`,
	} {
		in := bytes.Replace(b, []byte(`2026-10-03T14:30:00+09:00`), []byte(tm), 1)
		want, err := jsonDecode(in)
		got, ok := decodeCanonical(in)
		if ok != (err == nil) {
			t.Errorf("%s: decodeCanonical ok=%v, encoding/json error %v", tm, ok, err)
			continue
		}
		if ok {
			checkSame(t, in, got, want)
		}
	}
}

// TestDecodeCanonicalStringPositions puts special bytes at every offset of
// a string, and around word boundaries, to exercise the 8-byte skip loop.
func TestDecodeCanonicalStringPositions(t *testing.T) {
	specials := []string{
		`\"`, `\\`, `\n`, `\u0000`, `\u001f`, `\ud83d\ude00`, "\x7f", " ", "!", "#", "[", "]", "~",
		"é", "あ", "😀", "\xc2\x80", "\xef\xbf\xbd", // valid
		"\x00", "\x1f", "\n", "\t", `"`, `\`, `\x`, // invalid JSON
		"\xff", "\x80", "\xc0\xaf", "\xed\xa0\x80", "\xe3\x81", "\xf4\x90\x80\x80", // invalid UTF-8
	}
	for _, sp := range specials {
		for pre := range 18 {
			for _, post := range []string{"", "b", "bbbbbbb", "bbbbbbbbbbbbbbbbbbbbbbb", "日本語テキスト"} {
				lit := strings.Repeat("a", pre) + sp + post
				in := withText(t, lit)
				want, err := jsonDecode(in)
				valid := err == nil && utf8.Valid(in)
				got, ok := decodeCanonical(in)
				if ok != valid {
					t.Fatalf("%q: ok = %v, want %v (encoding/json: %v)", lit, ok, valid, err)
				}
				if ok {
					checkSame(t, in, got, want)
				}
			}
		}
	}
}

func TestDecodeCanonicalRejects(t *testing.T) {
	b, err := typicalRevision().Canonical()
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	replace := func(old, new string) string {
		if !strings.Contains(s, old) {
			t.Fatalf("%q not in %s", old, s)
		}
		return strings.Replace(s, old, new, 1)
	}
	indented := new(bytes.Buffer)
	if err := json.Indent(indented, b, "", "  "); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"empty":              "",
		"empty object":       "{}",
		"null":               "null",
		"indented":           indented.String(),
		"leading space":      " " + s,
		"trailing space":     s + " ",
		"trailing newline":   s + "\n",
		"trailing data":      s + "{}",
		"truncated":          s[:len(s)-1],
		"space after colon":  replace(`"v":1`, `"v": 1`),
		"key order":          replace(`"v":1,"n":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"`, `"n":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","v":1`),
		"unknown key":        replace(`"rev":3`, `"rev":3,"x":1`),
		"unknown field key":  replace(`"impact":`, `"mood":"ok","impact":`),
		"upper-case key":     replace(`"kind"`, `"Kind"`),
		"missing key":        replace(`,"rev":3`, ``),
		"duplicate key":      replace(`"rev":3`, `"rev":3,"rev":4`),
		"empty reason":       replace(`"reason":"added the second witness"`, `"reason":""`),
		"reason null":        replace(`"reason":"added the second witness"`, `"reason":null`),
		"float":              replace(`"rev":3`, `"rev":3.0`),
		"exponent":           replace(`"rev":3`, `"rev":3e0`),
		"leading zero":       replace(`"rev":3`, `"rev":03`),
		"minus zero":         replace(`"rev":3`, `"rev":-0`),
		"plus":               replace(`"rev":3`, `"rev":+3`),
		"string number":      replace(`"rev":3`, `"rev":"3"`),
		"overflow int64":     replace(`"entry":1042`, `"entry":9223372036854775808`),
		"underflow int64":    replace(`"entry":1042`, `"entry":-9223372036854775809`),
		"huge":               replace(`"entry":1042`, `"entry":99999999999999999999999`),
		"time null":          replace(`"recorded_at":"2026-11-21T00:37:59.928415123Z"`, `"recorded_at":null`),
		"time escaped":       replace(`"recorded_at":"2026`, `"recorded_at":"\u0032026`),
		"time bad":           replace(`2026-11-21T00:37:59.928415123Z`, `2026-11-21 00:37:59Z`),
		"time month 13":      replace(`2026-11-21T00:37:59.928415123Z`, `2026-13-21T00:37:59Z`),
		"time number":        replace(`"recorded_at":"2026-11-21T00:37:59.928415123Z"`, `"recorded_at":0`),
		"raw newline":        replace(`\n`, "\n"),
		"raw tab":            replace(`\n`, "\t"),
		"raw nul":            replace(`\n`, "\x00"),
		"bad escape":         replace(`\n`, `\x`),
		"single quote esc":   replace(`\n`, `\'`),
		"short unicode":      replace(`\n`, `\u12`),
		"bad hex":            replace(`\n`, `\u12g4`),
		"invalid utf8":       replace(`Sato`, "Sa\xffto"),
		"surrogate utf8":     replace(`Sato`, "Sa\xed\xa0\x80to"),
		"cut utf8":           replace(`"Sato"`, "\"Sat\xe3\x81\""),
		"people object":      replace(`"people":[`, `"people":{`),
		"people string":      replace(`"people":[{"name":"田中部長","role":"superior"},{"name":"Sato","role":"colleague"}]`, `"people":["x"]`),
		"person null":        replace(`{"name":"Sato","role":"colleague"}`, `null`),
		"person extra":       replace(`"role":"colleague"`, `"role":"colleague","age":3`),
		"person no role":     replace(`,"role":"colleague"`, ``),
		"witness null":       replace(`["佐藤","Suzuki"]`, `[null,"Suzuki"]`),
		"witness number":     replace(`["佐藤","Suzuki"]`, `["佐藤",1]`),
		"trailing comma":     replace(`["佐藤","Suzuki"]`, `["佐藤","Suzuki",]`),
		"unclosed list":      replace(`["佐藤","Suzuki"]`, `["佐藤","Suzuki"`),
		"list space":         replace(`["佐藤","Suzuki"]`, `["佐藤", "Suzuki"]`),
		"fields null":        replace(`"fields":{`, `"fields":null,"x":{`),
		"missing brace":      s[:len(s)-1] + ",",
		"nested trailing":    replace(`"actions":"Wrote this note the same evening; told HR on 10/4."}`, `"actions":"Wrote this note the same evening; told HR on 10/4.","reason":"x"}`),
		"bool":               replace(`"v":1`, `"v":true`),
		"salt not string":    replace(`"n":"9f86`, `"n":9,"m":"9f86`),
		"unterminated":       `{"v":1,"n":"abc`,
		"unterminated esc":   `{"v":1,"n":"abc\`,
		"unterminated time":  s[:strings.Index(s, `"recorded_at":"`)+20],
		"unterminated entry": `{"v":1,"n":"abc","entry":-`,
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			if _, ok := decodeCanonical([]byte(in)); ok {
				t.Fatalf("decodeCanonical accepted %q", in)
			}
			// DecodeRevision falls back to encoding/json and so behaves
			// exactly as before.
			want, wantErr := jsonDecode([]byte(in))
			if wantErr == nil && want.Version != CanonicalVersion {
				wantErr = errors.New("version")
			}
			got, err := DecodeRevision([]byte(in))
			if (err == nil) != (wantErr == nil) {
				t.Fatalf("DecodeRevision error %v, encoding/json error %v", err, wantErr)
			}
			if err != nil {
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("error %v does not wrap ErrInvalid", err)
				}
				if !reflect.DeepEqual(got, Revision{}) {
					t.Fatalf("non-zero revision with error: %#v", got)
				}
				return
			}
			checkSame(t, []byte(in), got, want)
		})
	}
}

func TestDecodeRevisionVersion(t *testing.T) {
	r := typicalRevision()
	b, err := r.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	// Version 2 is version 1 with a language, 3 with consultation-sheet
	// fields; 4 does not exist.
	v4 := bytes.Replace(b, []byte(`{"v":1,`), []byte(`{"v":4,`), 1)
	if _, ok := decodeCanonical(v4); !ok {
		t.Fatal("layout is canonical; the version is checked by DecodeRevision")
	}
	for _, in := range [][]byte{v4, append([]byte(" "), v4...), []byte(`{"v":0}`), []byte(`{}`)} {
		if _, err := DecodeRevision(in); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "unknown record version") {
			t.Errorf("DecodeRevision(%.20q) = %v, want unknown version", in, err)
		}
	}
	v3 := bytes.Replace(b, []byte(`{"v":1,`), []byte(`{"v":3,`), 1)
	if _, err := DecodeRevision(v3); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "does not match its fields") {
		t.Errorf("version 3 without sheet fields: %v", err)
	}
	// An older or newer writer's layout (here: indented, keys reordered,
	// an unknown key) still decodes through encoding/json.
	other := []byte(`{
  "fields": {"text": "x", "mood": "ok", "event_time": "2026-10-03T14:30:00+09:00"},
  "v": 1, "kind": "create", "entry": 5, "rev": 1, "n": "` + strings.Repeat("a", 64) + `",
  "recorded_at": "2026-10-03T05:30:00Z", "extra": [1, 2]
}`)
	got, err := DecodeRevision(other)
	if err != nil {
		t.Fatal(err)
	}
	if got.EntryID != 5 || got.Fields.Text != "x" || got.Fields.EventTime.Hour() != 14 {
		t.Fatalf("fallback decode: %#v", got)
	}
}

func TestDecodeCanonicalAllocs(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("instrumentation changes allocation counts")
	}
	b, err := typicalRevision().Canonical()
	if err != nil {
		t.Fatal(err)
	}
	// One string buffer, the people and the two string lists.
	n := testing.AllocsPerRun(100, func() {
		if _, ok := decodeCanonical(b); !ok {
			t.Fatal("rejected")
		}
	})
	if n > 4 {
		t.Errorf("decodeCanonical: %v allocations per run, want <= 4", n)
	}
}

// FuzzDecodeCanonical feeds arbitrary bytes: whatever decodeCanonical
// accepts, encoding/json must accept too and decode to the same revision.
func FuzzDecodeCanonical(f *testing.F) {
	for _, r := range tableRevisions() {
		b, err := r.Canonical()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	withLang := typicalRevision()
	withLang.Fields.Lang, withLang.Version = "zh-Hans", RevisionVersionLang
	if b, err := withLang.Canonical(); err != nil {
		f.Fatal(err)
	} else {
		f.Add(b)
	}
	for _, lit := range []string{`\ud83d\ude00`, `\ud800\ud800\udc00`, `\u00e9`, `\/`} {
		f.Add(withText(f, lit))
	}
	f.Add([]byte(`{"v":1}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		got, ok := decodeCanonical(in)
		if !ok {
			if !reflect.DeepEqual(got, Revision{}) {
				t.Fatalf("non-zero revision with ok=false: %#v", got)
			}
			return
		}
		want, err := jsonDecode(in)
		if err != nil {
			t.Fatalf("decodeCanonical accepted %q, encoding/json: %v", in, err)
		}
		checkSame(t, in, got, want)
	})
}

// FuzzDecodeCanonicalRoundTrip builds revisions from fuzzed values:
// whatever Canonical writes, decodeCanonical must accept and decode as
// encoding/json does.
func FuzzDecodeCanonicalRoundTrip(f *testing.F) {
	r := typicalRevision()
	f.Add(r.Salt, r.Kind, r.Fields.EventZone, r.Fields.Place, r.Fields.Text, r.Fields.Quote,
		"田中部長\x1esuperior\x1eSato\x1ecolleague", "佐藤\x1eSuzuki", "power-harassment",
		r.Reason, r.EntryID, r.Rev, int64(1790000000), int64(928415123), 9*3600, uint8(0))
	f.Add("", "", "", "", "\n\"\\\x00\u2028", "\xff", "", "", "", "", int64(-1), -1, int64(-62135596800), int64(0), -12600, uint8(0xff))
	f.Add("x", "😀", "a/b", "<&>", "\ud7ff\ue000", "", "\x1e", "\x1e\x1e", "\x00", "\n", int64(math.MaxInt64), math.MinInt, int64(253402300799), int64(999999999), 1, uint8(0x15))
	f.Fuzz(func(t *testing.T, salt, kind, zone, place, text, quote, people, witnesses, categories, reason string,
		entry int64, rev int, sec, nsec int64, offset int, flags uint8) {
		split := func(s string, null, empty uint8) []string {
			switch {
			case flags&null != 0:
				return nil
			case flags&empty != 0:
				return []string{}
			}
			return strings.Split(s, "\x1e")
		}
		r := Revision{
			Version: CanonicalVersion, Salt: (salt + strings.Repeat("0", 64))[:64],
			EntryID: entry, Rev: rev, Kind: kind, Reason: reason,
			RecordedAt: time.Unix(sec, nsec).UTC(),
			Fields: Fields{
				EventTime: time.Unix(sec, nsec).In(time.FixedZone("", offset%(86400))),
				EventZone: zone, Place: place, Text: text, Quote: quote,
				Witnesses:  split(witnesses, 1<<0, 1<<1),
				Categories: split(categories, 1<<2, 1<<3),
			},
		}
		if flags&(1<<6) != 0 {
			r.Fields.EventTime = time.Time{}
		}
		if flags&(1<<7) != 0 {
			r.RecordedAt = r.Fields.EventTime
		}
		if ps := split(people, 1<<4, 1<<5); ps != nil {
			r.Fields.People = []Person{}
			for i := 0; i < len(ps); i += 2 {
				p := Person{Name: ps[i]}
				if i+1 < len(ps) {
					p.Role = ps[i+1]
				}
				r.Fields.People = append(r.Fields.People, p)
			}
		}
		b, err := r.Canonical()
		if err != nil {
			return // e.g. a year outside [0, 9999]
		}
		got := checkDecode(t, b)
		if utf8.ValidString(text) && got.Fields.Text != text {
			t.Fatalf("text %q decoded as %q", text, got.Fields.Text)
		}
	})
}

// benchRevision is a typical short entry: about 500 canonical bytes, of
// which the keys, salt and times take 350.
func benchRevision() Revision {
	return Revision{
		Version: 1, Salt: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		EntryID: 1042, Rev: 1, Kind: KindCreate,
		RecordedAt: time.Date(2026, 11, 21, 0, 37, 59, 928415123, time.UTC),
		Fields: Fields{
			EventTime:  time.Date(2026, 10, 3, 14, 30, 0, 0, time.FixedZone("", 9*3600)),
			EventZone:  "Asia/Tokyo",
			Place:      "本社3F 会議室",
			People:     []Person{{"田中部長", "superior"}},
			Text:       "会議中に怒鳴られた。\nHe threw the report.",
			Quote:      "「お前は使えない」",
			Witnesses:  []string{"Sato"},
			Categories: []string{"power-harassment"},
			Actions:    "Told HR.",
		},
	}
}

// BenchmarkDecodeRevision compares encoding/json with the canonical fast
// path.
func BenchmarkDecodeRevision(b *testing.B) {
	for _, r := range []Revision{benchRevision(), typicalRevision()} {
		in, err := r.Canonical()
		if err != nil {
			b.Fatal(err)
		}
		name := fmt.Sprintf("%dB", len(in))
		b.Run(name+"/json.Unmarshal", func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				var r Revision
				if err := json.Unmarshal(in, &r); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/decodeCanonical", func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := decodeCanonical(in); !ok {
					b.Fatal("rejected")
				}
			}
		})
		b.Run(name+"/DecodeRevision", func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := DecodeRevision(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

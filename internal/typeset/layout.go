package typeset

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/encoding/japanese"

	"github.com/kiroku-app/kiroku/internal/bidi"
)

// Placeholder is drawn for a character none of the faces has (emoji, a
// script Kiroku ships no font for). The PDF still maps it to the original
// character, so copying the text gives the worker's words back.
const Placeholder = '〓'

// Glyph is one glyph of a run: its glyph ID in the run's face and its
// origin relative to the run's origin, in points, y downward.
type Glyph struct {
	GID  uint16
	X, Y float64
}

// Cluster is a unit of text drawn by one or more glyphs: Text is the
// characters they stand for (in logical order). An Invisible cluster is
// not seen but carries text for copying: a right-to-left ligature is drawn
// as a visible cluster with no text followed by its letters, invisibly.
type Cluster struct {
	Text      string
	Glyphs    []Glyph
	Invisible bool
	Width     float64 // of an invisible letter: the space it stands in, in points
}

// Run is a piece of a line in one face and one direction. X is its origin's
// offset from the line's start (left edge), in points.
type Run struct {
	Face     Face
	X, Width float64
	RTL      bool
	Text     string // the run's characters, in logical order
	Clusters []Cluster
}

// Line is one laid-out line: runs in visual order, left to right. RTL says
// the paragraph is right-to-left, so the line belongs at the right edge of
// its box. Text is the line's characters in logical order.
type Line struct {
	Runs  []Run
	Width float64
	RTL   bool
	Text  string
}

// Options change how Layout chooses faces.
type Options struct {
	// Mono draws Latin letters, digits and punctuation in Noto Sans Mono
	// (hashes, paths, commands); other scripts as usual.
	Mono bool
	// Gothic draws Latin text in IPAex Gothic when it has every letter,
	// as the app's other text (Noto Sans otherwise).
	Gothic bool
	// Lang is the language the text is written in, a BCP 47 tag, when the
	// writer said it (record.Fields.Lang): Han characters of text in
	// Chinese ("zh", "zh-Hans", "zh-Hant"...) or Korean take Chinese
	// forms, of text in Japanese Japanese forms, whatever the characters
	// suggest. "" or another language: guessed from the text.
	Lang string
}

// Set lays out text with the embedded faces. A Set is not safe for
// concurrent use (the shaper keeps buffers); make one per goroutine.
type Set struct {
	fonts  [NumFaces]*font.Font
	faces  [NumFaces]*font.Face
	err    [NumFaces]error
	shaper shaping.HarfbuzzShaper
	cmap   [NumFaces][]*[256]glyphInfo // by rune>>8
}

type glyphInfo struct {
	gid   uint16
	adv   float32 // font units
	ok    bool    // the face has the glyph
	known bool    // looked up
}

// NewSet returns a Set; fonts are parsed when first needed.
func NewSet() *Set { return &Set{} }

func (s *Set) face(f Face) *font.Face {
	if s.faces[f] == nil && s.err[f] == nil {
		fo, err := loadFont(f)
		if err != nil {
			s.err[f] = err
			return nil
		}
		s.fonts[f] = fo
		s.faces[f] = font.NewFace(fo)
		s.cmap[f] = make([]*[256]glyphInfo, (unicode.MaxRune+1)>>8)
	}
	return s.faces[f]
}

// glyph returns r's nominal glyph in f.
func (s *Set) glyph(f Face, r rune) glyphInfo {
	fc := s.face(f)
	if fc == nil {
		return glyphInfo{}
	}
	if r < 0 || r > unicode.MaxRune {
		return glyphInfo{}
	}
	page := s.cmap[f][r>>8]
	if page == nil {
		page = new([256]glyphInfo)
		s.cmap[f][r>>8] = page
	}
	g := &page[r&0xff]
	if !g.known {
		g.known = true
		if gid, ok := fc.NominalGlyph(r); ok && gid != 0 && gid <= 0xFFFF {
			g.gid, g.adv, g.ok = uint16(gid), fc.HorizontalAdvance(gid), true
		}
	}
	return *g
}

// Has reports whether f draws r.
func (s *Set) Has(f Face, r rune) bool { return s.glyph(f, r).ok }

func (s *Set) upem(f Face) float64 {
	if s.face(f) == nil {
		return 1000
	}
	return float64(s.fonts[f].Upem())
}

// Layout lays text out in lines no wider than maxW points at size points
// (maxW <= 0: no wrapping). Each LF starts a new paragraph; each
// paragraph's direction is that of its first strong character (UAX #9 P2).
// Lines break at spaces, between characters of scripts written without
// spaces (with the Japanese line-breaking rules), and, when a word is
// wider than the line, between grapheme clusters. Spaces at a break are
// dropped; every other character is kept.
func (s *Set) Layout(text string, size, maxW float64, o Options) []Line {
	text = clean(text)
	p := s.newParams(text, o)
	var lines []Line
	for para := range strings.SplitSeq(text, "\n") {
		lines = s.layoutPara([]rune(para), size, maxW, p, lines)
	}
	return lines
}

// Width is the width of text as one line, in points.
func (s *Set) Width(text string, size float64, o Options) float64 {
	w := 0.0
	for _, l := range s.Layout(text, size, 0, o) {
		w = max(w, l.Width)
	}
	return w
}

// params are per-text choices: whether Han characters are drawn in
// Japanese or Chinese forms.
type params struct {
	han  Face
	mono bool
	latn Face // Latin inside Japanese text stays in the Japanese face
}

func (s *Set) newParams(text string, o Options) params {
	p := params{han: Gothic, latn: Sans, mono: o.Mono}
	kana, hangul, han := false, false, 0
	latinInGothic := true // every Latin letter of text is in IPAex
	chinese := 0          // characters that say the text is Chinese, not Japanese
	for _, r := range text {
		switch sc := scriptOf(r); {
		case sc == language.Hiragana || sc == language.Katakana:
			kana = true
		case sc == language.Hangul:
			hangul = true
		case sc == language.Latin:
			latinInGothic = latinInGothic && s.Has(Gothic, r)
		case sc == language.Han:
			han++
			if chineseOnly(r) {
				chinese++
			}
		case r == '，' || r == '；':
			chinese += 2 // Chinese punctuation; Japanese uses 、
		}
	}
	// Chinese forms for Han text with no kana that holds simplified
	// characters, traditional forms Japanese replaced, or Chinese
	// punctuation; Hanja inside Korean text too. Japanese sentences nearly
	// always hold kana; a short run of kanji with no such sign (a name, a
	// place) stays Japanese.
	switch base, _, _ := strings.Cut(o.Lang, "-"); {
	case base == "ja":
	case han > 0 && !kana && (base == "zh" || base == "ko"):
		p.han = Chinese
	case han > 0 && !kana && (hangul || chinese >= 2 || (chinese == 1 && han >= 6)):
		p.han = Chinese
	}
	if kana || (han > 0 && p.han == Gothic) || (o.Gothic && latinInGothic) {
		p.latn = Gothic
	}
	return p
}

// traditional holds traditional Chinese forms that Japanese writes
// differently (經/経, 會/会, 說/説...) and Chinese characters Japanese text
// does not use; names that keep old forms in Japan (澤, 邊, 廣) are left out.
const traditional = "們這說會對來經當樓點關學國發實體麼樣歡氣處應變聽讀寫賣戰鐵醫藥從與辭傳號碼腦價錢總裡覺聯區沒讓聲歲圖鬥綠"

var (
	traditionalSet = runeSet(traditional)
	sjis           = japanese.ShiftJIS.NewEncoder()
)

// chineseOnly reports a Han character that says its text is Chinese:
// outside JIS X 0208 (simplified characters) or in traditional.
func chineseOnly(r rune) bool {
	if traditionalSet[r] {
		return true
	}
	var buf [8]byte
	var src [4]byte
	n := utf8.EncodeRune(src[:], r)
	_, _, err := sjis.Transform(buf[:], src[:n], true)
	sjis.Reset()
	return err != nil
}

// clean turns CR and CRLF into LF and a tab into four spaces, drops the
// bidi embedding and override controls; other
// control characters, noncharacters, U+FFFD and invalid UTF-8 become
// Placeholder.
func clean(s string) string {
	fast := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' && c != '\n' || c == 0x7f || c >= 0x80 {
			fast = false
			break
		}
	}
	if fast {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			b.WriteByte('\n')
		case r == '\n':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString("    ")
		case r >= 0x202A && r <= 0x202E:
			// Embeddings and overrides (LRE, RLE, PDF, LRO, RLO) are dropped:
			// an override would draw the worker's letters in an order other
			// than written, and copy them back reversed. Isolates and marks
			// stay.
		case r < ' ' || (r >= 0x7f && r < 0xa0) || r == utf8.RuneError || isNonchar(r):
			b.WriteRune(Placeholder)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isNonchar reports the Unicode noncharacters (U+FDD0–U+FDEF and the last
// two code points of every plane): not text anyone writes.
func isNonchar(r rune) bool {
	return (r >= 0xFDD0 && r <= 0xFDEF) || r&0xFFFE == 0xFFFE
}

// item is a maximal stretch of a paragraph with one level, script and face.
type item struct {
	start, end int
	level      bidi.Level
	script     language.Script
	face       Face
	complex    bool // needs the shaper, not one glyph per character
}

func isRTL(l bidi.Level) bool { return l&1 == 1 }

// scripts resolves each rune's script, giving Common and Inherited
// characters the script of the text around them.
func scripts(rs []rune) []language.Script {
	sc := make([]language.Script, len(rs))
	last := language.Script(0)
	for i, r := range rs {
		s := scriptOf(r)
		if s == language.Common || s == language.Inherited || s == language.Unknown {
			sc[i] = last // 0 until the first real script
			continue
		}
		if s == language.Hiragana || s == language.Katakana {
			s = language.Han // one run for Japanese text
		}
		sc[i], last = s, s
	}
	next := language.Script(0)
	for i := len(rs) - 1; i >= 0; i-- {
		if sc[i] == 0 {
			sc[i] = next
		} else {
			next = sc[i]
		}
	}
	for i := range sc {
		if sc[i] == 0 {
			sc[i] = language.Common
		}
	}
	return sc
}

// chooseFace picks the face for rune r of script sc.
func (s *Set) chooseFace(r rune, sc language.Script, p params) Face {
	if p.mono && r < 0x250 && s.Has(Mono, r) {
		return Mono
	}
	want, ok := scriptFace(sc)
	switch {
	case sc == language.Han:
		want, ok = p.han, true
		if isKana(r) {
			want = Gothic
		}
	case want == Sans && sc == language.Latin:
		want = p.latn
	case !ok:
		want = p.latn
	}
	if s.Has(want, r) {
		return want
	}
	if isIgnorable(r) {
		return want // shaped away; stays with its neighbours
	}
	for f := Face(0); f < NumFaces; f++ {
		if f != Mono && s.Has(f, r) {
			return f
		}
	}
	return Gothic // drawn as Placeholder
}

func isIgnorable(r rune) bool {
	if r < 0x600 {
		return r == 0xAD // soft hyphen: the only format character below U+0600
	}
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r)
}

// isMark reports combining marks (Mn, Me); none is below U+0300.
func isMark(r rune) bool {
	return r >= 0x300 && (unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r))
}

// scriptOf is language.LookupScript with ASCII answered at once (most
// text the report lays out is labels, numbers and Latin words).
func scriptOf(r rune) language.Script {
	if r < 0x80 {
		if r|0x20 >= 'a' && r|0x20 <= 'z' {
			return language.Latin
		}
		return language.Common
	}
	return language.LookupScript(r)
}

// isKana reports Hiragana and Katakana (with the halfwidth forms).
func isKana(r rune) bool {
	return (r >= 0x3041 && r <= 0x30FF) || (r >= 0x31F0 && r <= 0x31FF) || (r >= 0xFF66 && r <= 0xFF9F)
}

// isComplex reports characters the shaper must see: combining marks,
// joiners and format characters, and every letter of scripts whose
// letters change shape or order.
func isComplex(r rune, sc language.Script) bool {
	switch sc {
	case language.Latin, language.Greek, language.Cyrillic, language.Han, language.Hangul, language.Common:
		return isMark(r) || isIgnorable(r)
	}
	return true
}

func (s *Set) itemize(rs []rune, levels []bidi.Level, p params) []item {
	sc := scripts(rs)
	var items []item
	for i, r := range rs {
		f := s.chooseFace(r, sc[i], p)
		// Marks and joiners follow their base's face when it has them.
		if i > 0 && len(items) > 0 && (isMark(r) || isIgnorable(r)) {
			if prev := items[len(items)-1]; prev.level == levels[i] && (s.Has(prev.face, r) || isIgnorable(r)) {
				f = prev.face
			}
		}
		c := isComplex(r, sc[i]) || isRTL(levels[i])
		if n := len(items); n > 0 {
			it := &items[n-1]
			if it.level == levels[i] && it.face == f && it.script == sc[i] {
				it.end = i + 1
				it.complex = it.complex || c
				continue
			}
		}
		items = append(items, item{start: i, end: i + 1, level: levels[i], script: sc[i], face: f, complex: c})
	}
	return items
}

// measure gives each rune its advance in points (a cluster's advance on
// its first rune, zero on the others) and marks where clusters start.
func (s *Set) measure(rs []rune, items []item, size float64, adv []float64, starts []bool) {
	for _, it := range items {
		scale := size / s.upem(it.face)
		if !it.complex {
			for i := it.start; i < it.end; i++ {
				adv[i] = float64(s.glyphOrPlaceholder(it.face, rs[i]).adv) * scale
				starts[i] = true
			}
			continue
		}
		out := s.shape(rs, it.start, it.end, it)
		for i := it.start; i < it.end; i++ {
			adv[i] = 0
		}
		for _, g := range out.Glyphs {
			starts[g.ClusterIndex] = true
			adv[g.ClusterIndex] += float64(g.XAdvance) / 64 * scale
		}
	}
}

func (s *Set) glyphOrPlaceholder(f Face, r rune) glyphInfo {
	if g := s.glyph(f, r); g.ok {
		return g
	}
	if isIgnorable(r) {
		return glyphInfo{ok: true}
	}
	return s.glyph(Gothic, Placeholder)
}

func (s *Set) shape(rs []rune, start, end int, it item) shaping.Output {
	dir := di.DirectionLTR
	if isRTL(it.level) {
		dir = di.DirectionRTL
	}
	fc := s.face(it.face)
	return s.shaper.Shape(shaping.Input{
		Text: rs, RunStart: start, RunEnd: end,
		Direction: dir, Face: fc,
		Size:   fixed.I(int(s.upem(it.face))),
		Script: it.script,
	})
}

func (s *Set) layoutPara(rs []rune, size, maxW float64, p params, lines []Line) []Line {
	if len(rs) == 0 {
		return append(lines, Line{})
	}
	levels, para := bidi.Levels(rs, bidi.Auto)
	items := s.itemize(rs, levels, p)
	adv := make([]float64, len(rs))
	starts := make([]bool, len(rs))
	s.measure(rs, items, size, adv, starts)
	for _, br := range breakLines(rs, adv, starts, maxW) {
		lines = append(lines, s.line(rs[br[0]:br[1]], levels[br[0]:br[1]], para, items, br[0], size, p))
	}
	return lines
}

// line lays out rs (a line of a paragraph starting at rune off of it) in
// visual order.
func (s *Set) line(rs []rune, levels []bidi.Level, para bidi.Level, items []item, off int, size float64, p params) Line {
	ln := Line{RTL: isRTL(para), Text: string(rs)}
	if len(rs) == 0 {
		return ln
	}
	// Clusters' texts are slices of the line's text: byteAt[i] is where
	// rune i starts in it.
	byteAt := make([]int, len(rs)+1)
	for i, r := range rs {
		byteAt[i+1] = byteAt[i] + utf8.RuneLen(r)
	}
	text := func(a, b int) string { return ln.Text[byteAt[a]:byteAt[b]] }
	vis := bidi.Visual(rs, levels, para, 0, len(rs))
	lv := bidi.LineLevels(rs, levels, para, 0, len(rs))
	// The item each rune belongs to, relative to the line.
	itemOf := make([]int, len(rs))
	for k, it := range items {
		for i := max(it.start, off); i < min(it.end, off+len(rs)); i++ {
			itemOf[i-off] = k
		}
	}
	x := 0.0
	for i := 0; i < len(vis); {
		// A segment: consecutive visual positions of one item and level
		// whose logical indices run up (even level) or down (odd).
		j := i + 1
		step := 1
		if isRTL(lv[vis[i]]) {
			step = -1
		}
		for j < len(vis) && itemOf[vis[j]] == itemOf[vis[i]] && lv[vis[j]] == lv[vis[i]] && vis[j] == vis[j-1]+step {
			j++
		}
		lo, hi := vis[i], vis[j-1]
		if lo > hi {
			lo, hi = hi, lo
		}
		it := items[itemOf[vis[i]]]
		it.level = lv[vis[i]]
		run := s.run(rs, lo, hi+1, it, size, text)
		run.X = x
		run.Text = text(lo, hi+1)
		x += run.Width
		ln.Runs = append(ln.Runs, run)
		i = j
	}
	ln.Width = x
	return ln
}

// run shapes rs[start:end] as one run.
func (s *Set) run(rs []rune, start, end int, it item, size float64, text func(a, b int) string) Run {
	run := Run{Face: it.face, RTL: isRTL(it.level)}
	scale := size / s.upem(it.face)
	x := 0.0
	if !it.complex && !run.RTL {
		run.Clusters = make([]Cluster, 0, end-start)
		glyphs := make([]Glyph, 0, end-start) // one backing array for the run
		for i := start; i < end; i++ {
			g := s.glyphOrPlaceholder(it.face, rs[i])
			c := Cluster{Text: text(i, i+1)}
			if g.gid != 0 || !isIgnorable(rs[i]) {
				glyphs = append(glyphs, Glyph{GID: g.gid, X: x})
				c.Glyphs = glyphs[len(glyphs)-1 : len(glyphs) : len(glyphs)]
			}
			run.Clusters = append(run.Clusters, c)
			x += float64(g.adv) * scale
		}
		run.Width = x
		return run
	}
	// The shaper sees only this line's text, so letters at a line's end
	// take their final forms.
	out := s.shape(rs[:end], start, end, it)
	gs := out.Glyphs
	for k := 0; k < len(gs); {
		m := k + 1
		for m < len(gs) && gs[m].ClusterIndex == gs[k].ClusterIndex {
			m++
		}
		ci := gs[k].ClusterIndex
		n := max(gs[k].RuneCount, 1)
		ce := min(ci+n, len(rs))
		letters := rs[ci:ce]
		cx := x
		var glyphs []Glyph
		for _, g := range gs[k:m] {
			gid := uint16(g.GlyphID)
			if g.GlyphID > 0xFFFF {
				gid = 0
			}
			glyphs = append(glyphs, Glyph{GID: gid,
				X: x + float64(g.XOffset)/64*scale,
				Y: -float64(g.YOffset) / 64 * scale})
			x += float64(g.XAdvance) / 64 * scale
		}
		if allMissing(gs[k:m]) {
			// No glyph in the face: the placeholder, mapped to the text.
			ph := s.glyph(Gothic, Placeholder)
			if it.face == Gothic {
				glyphs = []Glyph{{GID: ph.gid, X: cx}}
			}
		}
		if !run.RTL || (len(glyphs) == 1 && len(letters) == 1) {
			run.Clusters = append(run.Clusters, Cluster{Text: text(ci, ce), Glyphs: glyphs})
		} else {
			// Right to left, a cluster of several letters or glyphs: pdf
			// readers reverse a multi-character mapping in RTL text, so the
			// visible glyphs carry no text and the letters are laid
			// invisibly over them, right to left.
			run.Clusters = append(run.Clusters, Cluster{Glyphs: glyphs})
			w := x - cx
			for j, r := range letters {
				g := s.glyphOrPlaceholder(it.face, r)
				gx := cx + w*float64(len(letters)-1-j)/float64(len(letters))
				run.Clusters = append(run.Clusters, Cluster{Text: text(ci+j, ci+j+1), Invisible: true,
					Width: w / float64(len(letters)), Glyphs: []Glyph{{GID: g.gid, X: gx}}})
			}
		}
		k = m
	}
	run.Width = x
	return run
}

func allMissing(gs []shaping.Glyph) bool {
	for _, g := range gs {
		if g.GlyphID != 0 {
			return false
		}
	}
	return true
}

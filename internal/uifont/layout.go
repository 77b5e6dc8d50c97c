package uifont

import (
	"errors"
	"fmt"
	"sort"
)

// This file merges the OpenType layout tables (GSUB, GPOS, GDEF) of the
// fonts whose shaping matters. Each such font keeps all its glyphs, in
// order, at a fixed offset in the merged font, so every glyph ID in its
// tables moves by that one offset and every lookup index by the number of
// lookups before it. Its lookups are copied byte for byte and patched in
// place; the new lookup list reaches them through Extension lookups
// (32-bit offsets), so no 16-bit offset can overflow.

// layoutMember is a font whose layout tables are kept.
type layoutMember struct {
	f      *sfnt
	gidOff int
}

// patcher adds offsets to the glyph IDs and lookup indices of one copied
// GSUB or GPOS table.
type patcher struct {
	b    []byte
	gid  int
	lk   int
	gsub bool
	done map[[2]int]bool
	err  error
}

func (p *patcher) u16(o int) int {
	if o < 0 || o+2 > len(p.b) {
		p.fail(o)
		return 0
	}
	return int(be.Uint16(p.b[o:]))
}

func (p *patcher) fail(o int) {
	if p.err == nil {
		p.err = fmt.Errorf("layout table: offset %d out of bounds", o)
	}
}

func (p *patcher) add(o, d int) {
	v := p.u16(o) + d
	if p.err != nil {
		return
	}
	if v > 0xffff {
		p.err = errors.New("layout table: glyph ID or lookup index overflows")
		return
	}
	be.PutUint16(p.b[o:], uint16(v))
}

// first reports whether the structure of kind k at o has not been patched
// yet (subtables may share it), and marks it.
func (p *patcher) first(k, o int) bool {
	key := [2]int{k, o}
	if p.done[key] || p.err != nil {
		return false
	}
	p.done[key] = true
	return true
}

const (
	kCov = iota
	kClass
	kSub
	kList
	kRule
	kLig
	kPair
)

func (p *patcher) coverage(o int) {
	if !p.first(kCov, o) {
		return
	}
	switch p.u16(o) {
	case 1:
		for i := range p.u16(o + 2) {
			p.add(o+4+2*i, p.gid)
		}
	case 2:
		for i := range p.u16(o + 2) {
			p.add(o+4+6*i, p.gid)
			p.add(o+6+6*i, p.gid)
		}
	default:
		p.fail(o)
	}
}

func (p *patcher) classDef(o int) {
	if !p.first(kClass, o) {
		return
	}
	switch p.u16(o) {
	case 1:
		p.add(o+2, p.gid)
	case 2:
		for i := range p.u16(o + 2) {
			p.add(o+4+6*i, p.gid)
			p.add(o+6+6*i, p.gid)
		}
	default:
		p.fail(o)
	}
}

// glyphList patches count glyph IDs starting at o.
func (p *patcher) glyphs(o, count int) {
	for i := range count {
		p.add(o+2*i, p.gid)
	}
}

// lookupRecords patches count (sequenceIndex, lookupListIndex) records.
func (p *patcher) lookupRecords(o, count int) {
	for i := range count {
		p.add(o+4*i+2, p.lk)
	}
}

// subtable patches the lookup subtable at o of (non-extension) type typ.
func (p *patcher) subtable(typ, o int) {
	if !p.first(kSub, o) {
		return
	}
	format := p.u16(o)
	// Context and chained context lookups have the same layout in both
	// tables: GSUB types 5 and 6, GPOS types 7 and 8 (here ctx and chain).
	const ctx, chain = 100, 101
	switch {
	case p.gsub && typ == 5, !p.gsub && typ == 7:
		typ = ctx
	case p.gsub && typ == 6, !p.gsub && typ == 8:
		typ = chain
	}
	switch {
	case p.gsub && typ == 1:
		p.coverage(o + p.u16(o+2))
		if format == 2 {
			p.glyphs(o+6, p.u16(o+4))
		}
	case p.gsub && (typ == 2 || typ == 3): // multiple, alternate
		p.coverage(o + p.u16(o+2))
		for i := range p.u16(o + 4) {
			s := o + p.u16(o+6+2*i)
			if p.first(kList, s) {
				p.glyphs(s+2, p.u16(s))
			}
		}
	case p.gsub && typ == 4: // ligature
		p.coverage(o + p.u16(o+2))
		for i := range p.u16(o + 4) {
			s := o + p.u16(o+6+2*i)
			if !p.first(kList, s) {
				continue
			}
			for j := range p.u16(s) {
				l := s + p.u16(s+2+2*j)
				if p.first(kLig, l) {
					p.add(l, p.gid)
					p.glyphs(l+4, p.u16(l+2)-1)
				}
			}
		}
	case typ == ctx:
		switch format {
		case 1, 2:
			p.coverage(o + p.u16(o+2))
			sets, n := o+6, p.u16(o+4)
			if format == 2 {
				p.classDef(o + p.u16(o+4))
				sets, n = o+8, p.u16(o+6)
			}
			for i := range n {
				off := p.u16(sets + 2*i)
				if off == 0 {
					continue
				}
				s := o + off
				if !p.first(kList, s) {
					continue
				}
				for j := range p.u16(s) {
					r := s + p.u16(s+2+2*j)
					if !p.first(kRule, r) {
						continue
					}
					gc, lc := p.u16(r), p.u16(r+2)
					if format == 1 {
						p.glyphs(r+4, gc-1)
					}
					p.lookupRecords(r+4+2*(gc-1), lc)
				}
			}
		case 3:
			gc, lc := p.u16(o+2), p.u16(o+4)
			for i := range gc {
				p.coverage(o + p.u16(o+6+2*i))
			}
			p.lookupRecords(o+6+2*gc, lc)
		default:
			p.fail(o)
		}
	case typ == chain:
		switch format {
		case 1, 2:
			p.coverage(o + p.u16(o+2))
			sets, n := o+6, p.u16(o+4)
			if format == 2 {
				for k := range 3 {
					if off := p.u16(o + 4 + 2*k); off != 0 { // no backtrack or lookahead classes
						p.classDef(o + off)
					}
				}
				sets, n = o+12, p.u16(o+10)
			}
			for i := range n {
				off := p.u16(sets + 2*i)
				if off == 0 {
					continue
				}
				s := o + off
				if !p.first(kList, s) {
					continue
				}
				for j := range p.u16(s) {
					r := s + p.u16(s+2+2*j)
					if !p.first(kRule, r) {
						continue
					}
					bc := p.u16(r)
					if format == 1 {
						p.glyphs(r+2, bc)
					}
					q := r + 2 + 2*bc
					ic := p.u16(q)
					if format == 1 {
						p.glyphs(q+2, ic-1)
					}
					q += 2 + 2*(ic-1)
					lac := p.u16(q)
					if format == 1 {
						p.glyphs(q+2, lac)
					}
					q += 2 + 2*lac
					p.lookupRecords(q+2, p.u16(q))
				}
			}
		case 3:
			q := o + 2
			for range 3 {
				c := p.u16(q)
				for i := range c {
					p.coverage(o + p.u16(q+2+2*i))
				}
				q += 2 + 2*c
			}
			p.lookupRecords(q+2, p.u16(q))
		default:
			p.fail(o)
		}
	case p.gsub && typ == 8: // reverse chained single
		p.coverage(o + p.u16(o+2))
		q := o + 4
		for range 2 {
			c := p.u16(q)
			for i := range c {
				p.coverage(o + p.u16(q+2+2*i))
			}
			q += 2 + 2*c
		}
		p.glyphs(q+2, p.u16(q))
	case !p.gsub && (typ == 1 || typ == 3): // single, cursive
		p.coverage(o + p.u16(o+2))
	case !p.gsub && typ == 2: // pair
		p.coverage(o + p.u16(o+2))
		vf1, vf2 := p.u16(o+4), p.u16(o+6)
		switch format {
		case 1:
			rec := 2 + 2*popcount(vf1) + 2*popcount(vf2)
			for i := range p.u16(o + 8) {
				s := o + p.u16(o+10+2*i)
				if !p.first(kPair, s) {
					continue
				}
				for j := range p.u16(s) {
					p.add(s+2+rec*j, p.gid)
				}
			}
		case 2:
			p.classDef(o + p.u16(o+8))
			p.classDef(o + p.u16(o+10))
		default:
			p.fail(o)
		}
	case !p.gsub && typ >= 4 && typ <= 6: // mark to base, ligature, mark
		p.coverage(o + p.u16(o+2))
		p.coverage(o + p.u16(o+4))
	default:
		p.err = fmt.Errorf("layout table: lookup type %d not supported", typ)
	}
}

func popcount(v int) int {
	n := 0
	for ; v != 0; v &= v - 1 {
		n++
	}
	return n
}

// lookup is one lookup of a member, pointing into its patched copy.
type lookup struct {
	typ, flag, filter int
	subs              []int // offsets in the blob
	blob              int
}

// gdefInfo is what merging GDEF decided for each member: how far its
// mark attachment classes and mark glyph sets move.
type gdefInfo struct {
	classOff []int
	setOff   []int
	table    []byte
}

// mergeLayout merges the GSUB or GPOS tables (tag) of members, keeping only
// the scripts keep accepts.
func mergeLayout(tag string, members []layoutMember, gd gdefInfo, keep func(string) bool) ([]byte, error) {
	gsub := tag == "GSUB"
	ext := 9
	if gsub {
		ext = 7
	}
	type scriptRec struct {
		tag  string
		data []byte
	}
	var scripts []scriptRec
	var featureTags []string
	var features [][]byte
	var lookups []lookup
	var blobs [][]byte
	for mi, m := range members {
		t := m.f.tables[tag]
		if len(t) < 10 {
			continue
		}
		p := &patcher{b: append([]byte(nil), t...), gid: m.gidOff, lk: len(lookups), gsub: gsub, done: map[[2]int]bool{}}
		fOff := len(features)
		sl, fl, ll := p.u16(4), p.u16(6), p.u16(8)
		// Lookups.
		for i := range p.u16(ll) {
			lo := ll + p.u16(ll+2+2*i)
			typ, flag, n := p.u16(lo), p.u16(lo+2), p.u16(lo+4)
			lk := lookup{typ: typ, flag: flag, filter: -1, blob: len(blobs)}
			if flag&0x10 != 0 {
				lk.filter = p.u16(lo+6+2*n) + gd.setOff[mi]
			}
			if mat := flag >> 8; mat != 0 {
				lk.flag = flag&0xff | (mat+gd.classOff[mi])<<8
			}
			for j := range n {
				so := lo + p.u16(lo+6+2*j)
				if typ == ext {
					lk.typ = p.u16(so + 2)
					if so+8 > len(p.b) {
						p.fail(so)
						break
					}
					so += int(be.Uint32(p.b[so+4:]))
				}
				lk.subs = append(lk.subs, so)
			}
			lookups = append(lookups, lk)
		}
		for _, lk := range lookups[p.lk:] {
			for _, so := range lk.subs {
				p.subtable(lk.typ, so)
			}
		}
		// Features.
		for i := range p.u16(fl) {
			r := fl + 2 + 6*i
			fo := fl + p.u16(r+4)
			n := p.u16(fo + 2)
			d := []byte{0, 0}
			d = be.AppendUint16(d, uint16(n))
			for j := range n {
				d = be.AppendUint16(d, uint16(p.u16(fo+4+2*j)+p.lk))
			}
			featureTags = append(featureTags, string(p.b[r:r+4]))
			features = append(features, d)
		}
		// Scripts.
		for i := range p.u16(sl) {
			r := sl + 2 + 6*i
			st := string(p.b[r : r+4])
			if !keep(st) || p.err != nil || slicesHas(scripts, func(s scriptRec) bool { return s.tag == st }) {
				continue
			}
			so := sl + p.u16(r+4)
			langSys := func(o int) []byte {
				req := p.u16(o + 2)
				if req != 0xffff {
					req += fOff
				}
				n := p.u16(o + 4)
				d := []byte{0, 0}
				d = be.AppendUint16(d, uint16(req))
				d = be.AppendUint16(d, uint16(n))
				for j := range n {
					d = be.AppendUint16(d, uint16(p.u16(o+6+2*j)+fOff))
				}
				return d
			}
			def, nls := p.u16(so), p.u16(so+2)
			head := make([]byte, 4+6*nls)
			var body []byte
			if def != 0 {
				be.PutUint16(head, uint16(len(head)))
				body = append(body, langSys(so+def)...)
			}
			be.PutUint16(head[2:], uint16(nls))
			for j := range nls {
				lr := so + 4 + 6*j
				copy(head[4+6*j:], p.b[lr:lr+4])
				be.PutUint16(head[8+6*j:], uint16(len(head)+len(body)))
				body = append(body, langSys(so+p.u16(lr+4))...)
			}
			scripts = append(scripts, scriptRec{st, append(head, body...)})
		}
		if p.err != nil {
			return nil, fmt.Errorf("%s of font %d: %w", tag, mi, p.err)
		}
		blobs = append(blobs, p.b)
	}
	if len(lookups) == 0 {
		return nil, nil
	}
	sort.Slice(scripts, func(i, j int) bool { return scripts[i].tag < scripts[j].tag })

	// ScriptList.
	sl := make([]byte, 2+6*len(scripts))
	be.PutUint16(sl, uint16(len(scripts)))
	for i, s := range scripts {
		copy(sl[2+6*i:], s.tag)
		be.PutUint16(sl[6+6*i:], uint16(len(sl)))
		sl = append(sl, s.data...)
	}
	// FeatureList.
	fl := make([]byte, 2+6*len(features))
	be.PutUint16(fl, uint16(len(features)))
	for i, f := range features {
		copy(fl[2+6*i:], featureTags[i])
		be.PutUint16(fl[6+6*i:], uint16(len(fl)))
		fl = append(fl, f...)
	}
	// LookupList, then the lookups, then their extension subtables, then
	// the blobs.
	llHead := 2 + 2*len(lookups)
	lookupSize := func(lk lookup) int {
		n := 6 + 2*len(lk.subs)
		if lk.filter >= 0 {
			n += 2
		}
		return n
	}
	lkStart := make([]int, len(lookups))
	pos := llHead
	for i, lk := range lookups {
		lkStart[i] = pos
		pos += lookupSize(lk)
	}
	extStart := pos
	nExt := 0
	for _, lk := range lookups {
		nExt += len(lk.subs)
	}
	llSize := extStart + 8*nExt
	headSize := 10
	llOff := headSize + len(sl) + len(fl)
	if llOff > 0xffff || extStart > 0xffff {
		return nil, fmt.Errorf("%s: merged lists too large", tag)
	}
	blobAt := make([]int, len(blobs))
	bp := llOff + llSize
	for i, b := range blobs {
		blobAt[i] = bp
		bp += (len(b) + 1) &^ 1
	}
	out := make([]byte, headSize, bp)
	be.PutUint32(out, 0x00010000)
	be.PutUint16(out[4:], uint16(headSize))
	be.PutUint16(out[6:], uint16(headSize+len(sl)))
	be.PutUint16(out[8:], uint16(llOff))
	out = append(out, sl...)
	out = append(out, fl...)
	ll := make([]byte, llSize)
	be.PutUint16(ll, uint16(len(lookups)))
	e := extStart
	for i, lk := range lookups {
		o := lkStart[i]
		be.PutUint16(ll[2+2*i:], uint16(o))
		be.PutUint16(ll[o:], uint16(ext))
		be.PutUint16(ll[o+2:], uint16(lk.flag))
		be.PutUint16(ll[o+4:], uint16(len(lk.subs)))
		for j, so := range lk.subs {
			if e-o > 0xffff {
				return nil, fmt.Errorf("%s: lookup list too large", tag)
			}
			be.PutUint16(ll[o+6+2*j:], uint16(e-o))
			be.PutUint16(ll[e:], 1)
			be.PutUint16(ll[e+2:], uint16(lk.typ))
			be.PutUint32(ll[e+4:], uint32(blobAt[lk.blob]+so-(llOff+e)))
			e += 8
		}
		if lk.filter >= 0 {
			be.PutUint16(ll[o+6+2*len(lk.subs):], uint16(lk.filter))
		}
	}
	out = append(out, ll...)
	for _, b := range blobs {
		out = append(out, b...)
		if len(b)%2 != 0 {
			out = append(out, 0)
		}
	}
	return out, nil
}

func slicesHas[T any](s []T, f func(T) bool) bool {
	for _, v := range s {
		if f(v) {
			return true
		}
	}
	return false
}

// readClassDef returns the glyph → class pairs of the ClassDef at o in t.
func readClassDef(t []byte, o int, fn func(g, c int)) {
	u := func(i int) int {
		if i < 0 || i+2 > len(t) {
			return 0
		}
		return int(be.Uint16(t[i:]))
	}
	switch u(o) {
	case 1:
		start, n := u(o+2), u(o+4)
		for i := range n {
			fn(start+i, u(o+6+2*i))
		}
	case 2:
		for i := range u(o + 2) {
			r := o + 4 + 6*i
			for g := u(r); g <= u(r+2); g++ {
				fn(g, u(r+4))
			}
		}
	}
}

// readCoverage returns the glyphs of the Coverage at o in t.
func readCoverage(t []byte, o int) []int {
	u := func(i int) int {
		if i < 0 || i+2 > len(t) {
			return 0
		}
		return int(be.Uint16(t[i:]))
	}
	var gs []int
	switch u(o) {
	case 1:
		for i := range u(o + 2) {
			gs = append(gs, u(o+4+2*i))
		}
	case 2:
		for i := range u(o + 2) {
			r := o + 4 + 6*i
			for g := u(r); g <= u(r+2); g++ {
				gs = append(gs, g)
			}
		}
	}
	return gs
}

// classDefTable writes a format 2 ClassDef for class (glyph → class, 0 omitted).
func classDefTable(class map[int]int) []byte {
	gs := make([]int, 0, len(class))
	for g, c := range class {
		if c != 0 {
			gs = append(gs, g)
		}
	}
	sort.Ints(gs)
	type rng struct{ s, e, c int }
	var rs []rng
	for _, g := range gs {
		if n := len(rs); n > 0 && rs[n-1].e == g-1 && rs[n-1].c == class[g] {
			rs[n-1].e = g
			continue
		}
		rs = append(rs, rng{g, g, class[g]})
	}
	out := []byte{0, 2}
	out = be.AppendUint16(out, uint16(len(rs)))
	for _, r := range rs {
		out = be.AppendUint16(out, uint16(r.s))
		out = be.AppendUint16(out, uint16(r.e))
		out = be.AppendUint16(out, uint16(r.c))
	}
	return out
}

// coverageTable writes a format 2 Coverage of the sorted glyphs gs.
func coverageTable(gs []int) []byte {
	type rng struct{ s, e, idx int }
	var rs []rng
	for i, g := range gs {
		if n := len(rs); n > 0 && rs[n-1].e == g-1 {
			rs[n-1].e = g
			continue
		}
		rs = append(rs, rng{g, g, i})
	}
	out := []byte{0, 2}
	out = be.AppendUint16(out, uint16(len(rs)))
	for _, r := range rs {
		out = be.AppendUint16(out, uint16(r.s))
		out = be.AppendUint16(out, uint16(r.e))
		out = be.AppendUint16(out, uint16(r.idx))
	}
	return out
}

// mergeGDEF merges the glyph classes, mark attachment classes and mark
// glyph sets of members (version 1.2). Attachment points and ligature
// carets are dropped: shaping does not use them.
func mergeGDEF(members []layoutMember) gdefInfo {
	gd := gdefInfo{classOff: make([]int, len(members)), setOff: make([]int, len(members))}
	glyphClass, markClass := map[int]int{}, map[int]int{}
	var sets [][]int
	nextClass := 0
	for i, m := range members {
		t := m.f.tables["GDEF"]
		gd.classOff[i], gd.setOff[i] = nextClass, len(sets)
		if len(t) < 12 {
			continue
		}
		u := func(o int) int { return int(be.Uint16(t[o:])) }
		if o := u(4); o != 0 {
			readClassDef(t, o, func(g, c int) { glyphClass[g+m.gidOff] = c })
		}
		maxc := 0
		if o := u(10); o != 0 {
			readClassDef(t, o, func(g, c int) {
				if c != 0 {
					markClass[g+m.gidOff] = c + nextClass
					maxc = max(maxc, c)
				}
			})
		}
		nextClass += maxc
		if u(2) >= 2 && len(t) >= 14 {
			if o := u(12); o != 0 && o+4 <= len(t) {
				for j := range u(o + 2) {
					if o+8+4*j > len(t) {
						break
					}
					c := o + int(be.Uint32(t[o+4+4*j:]))
					var gs []int
					for _, g := range readCoverage(t, c) {
						gs = append(gs, g+m.gidOff)
					}
					sets = append(sets, gs)
				}
			}
		}
	}
	out := make([]byte, 14)
	be.PutUint16(out, 1)
	be.PutUint16(out[2:], 2)
	be.PutUint16(out[4:], uint16(len(out)))
	out = append(out, classDefTable(glyphClass)...)
	if len(markClass) > 0 {
		be.PutUint16(out[10:], uint16(len(out)))
		out = append(out, classDefTable(markClass)...)
	}
	if len(sets) > 0 {
		mo := len(out)
		be.PutUint16(out[12:], uint16(mo))
		d := []byte{0, 1}
		d = be.AppendUint16(d, uint16(len(sets)))
		hdr := len(d) + 4*len(sets)
		var body []byte
		for _, gs := range sets {
			d = be.AppendUint32(d, uint32(hdr+len(body)))
			body = append(body, coverageTable(gs)...)
		}
		out = append(out, d...)
		out = append(out, body...)
	}
	gd.table = out
	return gd
}

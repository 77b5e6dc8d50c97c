package pdf

import (
	"errors"
	"slices"
)

type dest struct {
	page int     // page object number
	top  float64 // PDF user space
}

type outlineItem struct {
	title string
	level int
	dest
}

// Dest defines a named destination at height y of the current page, for
// Page.Link. Names are compared byte for byte and must be unique.
func (d *Doc) Dest(name string, y float64) {
	if d.err != nil {
		return
	}
	if d.page == nil {
		d.fail(errors.New("pdf: Dest before AddPage"))
		return
	}
	if _, dup := d.dests[name]; dup {
		d.failf("pdf: destination %q defined twice", name)
		return
	}
	d.dests[name] = dest{d.page.obj, d.page.h - y}
	delete(d.linked, name)
}

// Outline adds a bookmark to height y of the current page. Level 0 is the
// top level; level n+1 nests under the last bookmark of level n (a level
// deeper than that is taken as one level deeper than the last bookmark).
// Bookmarks start closed.
func (d *Doc) Outline(title string, level int, y float64) {
	if d.err != nil {
		return
	}
	if d.page == nil {
		d.fail(errors.New("pdf: Outline before AddPage"))
		return
	}
	d.outline = append(d.outline, outlineItem{title, max(level, 0), dest{d.page.obj, d.page.h - y}})
}

func appendDest(b []byte, x dest) []byte {
	b = append(b, '[')
	b = appendRef(b, x.page)
	b = append(b, " /XYZ null "...)
	b = appendNum(b, x.top)
	return append(b, " null]"...)
}

// writeDests writes the name tree of destinations, sorted by name as the
// format requires, and returns its root's object number (0 if none). Up to
// destsPerLeaf names sit in the root; more are split into leaves with
// /Limits under it, so that no single array is huge.
func (d *Doc) writeDests() int {
	if len(d.dests) == 0 || d.err != nil {
		return 0
	}
	names := make([]string, 0, len(d.dests))
	for n := range d.dests {
		names = append(names, n)
	}
	slices.Sort(names)
	leaf := func(names []string, limits bool) []byte {
		b := []byte("<<")
		if limits {
			b = append(b, " /Limits ["...)
			b = appendLiteral(b, names[0])
			b = append(b, ' ')
			b = appendLiteral(b, names[len(names)-1])
			b = append(b, ']')
		}
		b = append(b, " /Names ["...)
		for _, n := range names {
			b = append(b, '\n')
			b = appendLiteral(b, n)
			b = append(b, ' ')
			b = appendDest(b, d.dests[n])
		}
		return append(b, "\n] >>"...)
	}
	root := d.alloc()
	if len(names) <= destsPerLeaf {
		d.obj(root, leaf(names, false))
		return root
	}
	var kids []int
	var bodies [][]byte
	for len(names) > 0 {
		n := min(len(names), destsPerLeaf)
		kids = append(kids, d.alloc())
		bodies = append(bodies, leaf(names[:n], true))
		names = names[n:]
	}
	b := []byte("<< /Kids [")
	for i, k := range kids {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendRef(b, k)
	}
	d.obj(root, append(b, "] >>"...))
	for i, k := range kids {
		d.obj(k, bodies[i])
	}
	return root
}

const destsPerLeaf = 256

// writeOutlines writes the outline tree and returns its root's object
// number (0 if there are no bookmarks).
func (d *Doc) writeOutlines() int {
	items := d.outline
	if len(items) == 0 || d.err != nil {
		return 0
	}
	root := d.alloc()
	obj := make([]int, len(items))
	for i := range items {
		obj[i] = d.alloc()
	}
	// Parent of each item (-1 for the root) and the children of each.
	parent := make([]int, len(items))
	pos := make([]int, len(items)) // index among its siblings
	children := make([][]int, len(items))
	var top []int
	var stack []int // the last item at each depth
	for i, it := range items {
		lv := min(it.level, len(stack))
		stack = append(stack[:lv], i)
		if lv == 0 {
			parent[i], pos[i] = -1, len(top)
			top = append(top, i)
		} else {
			p := stack[lv-1]
			parent[i], pos[i] = p, len(children[p])
			children[p] = append(children[p], i)
		}
	}
	ref := func(b []byte, i int) []byte {
		if i < 0 {
			return appendRef(b, root)
		}
		return appendRef(b, obj[i])
	}
	siblings := func(i int) []int {
		if parent[i] < 0 {
			return top
		}
		return children[parent[i]]
	}

	b := []byte("<< /Type /Outlines /First ")
	b = ref(b, top[0])
	b = append(b, " /Last "...)
	b = ref(b, top[len(top)-1])
	b = append(b, " /Count "...)
	b = appendNum(b, float64(len(top)))
	d.obj(root, append(b, " >>"...))

	for i, it := range items {
		b = append(b[:0], "<< /Title "...)
		b = appendText(b, it.title)
		b = append(b, " /Parent "...)
		b = ref(b, parent[i])
		sib := siblings(i)
		k := pos[i]
		if k > 0 {
			b = append(b, " /Prev "...)
			b = ref(b, sib[k-1])
		}
		if k < len(sib)-1 {
			b = append(b, " /Next "...)
			b = ref(b, sib[k+1])
		}
		if ch := children[i]; len(ch) > 0 {
			b = append(b, " /First "...)
			b = ref(b, ch[0])
			b = append(b, " /Last "...)
			b = ref(b, ch[len(ch)-1])
			// Negative: closed, with this many children shown when opened.
			b = append(b, " /Count "...)
			b = appendNum(b, -float64(len(ch)))
		}
		b = append(b, " /Dest "...)
		b = appendDest(b, it.dest)
		d.obj(obj[i], append(b, " >>"...))
	}
	return root
}

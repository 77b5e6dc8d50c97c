package bundle

import (
	"fmt"
	"sort"
	"time"

	"github.com/kiroku-app/kiroku/internal/tsa"
)

// clockSkew is how much earlier than a record's recorded time a trusted
// timestamp covering it may be and still be taken for a slow or fast
// computer clock (noted, not failed). Kiroku stamps a minute or more after
// writing, so a genuine token is later; a token dated well before a record
// it covers means the recorded times are wrong or the bag was forged.
const clockSkew = 10 * time.Minute

type recordedAt struct {
	seq  uint64
	at   time.Time
	path string
}

// verdict decides what the checks add up to: consistent (no problems),
// and which links a trusted timestamp dates (coverage, each record's
// proven_by, anchored when the head is covered).
func (v *verifier) verdict() {
	r := v.r
	v.checkTokenTimes()
	r.Consistent = len(r.Problems) == 0
	r.OK = r.Consistent
	r.Coverage = []Coverage{}
	n := uint64(len(v.recomputed))
	if !v.chainOK || n == 0 {
		return
	}
	// proven[i] is the earliest trusted anchor at or after link i+1:
	// a link commits to every link before it.
	proven := make([]*provenAt, n)
	if r.Consistent {
		var best *provenAt
		anchors := append([]AnchorResult(nil), r.Anchors...)
		sort.Slice(anchors, func(i, j int) bool { return anchors[i].Seq > anchors[j].Seq })
		k := 0
		for s := n; s >= 1; s-- {
			for k < len(anchors) && anchors[k].Seq >= s {
				a := anchors[k]
				if a.OK && a.Trust == tsa.TrustValid && (best == nil || a.Time.Before(best.at)) {
					best = &provenAt{a.Time.UTC(), a.Subject}
				}
				k++
			}
			proven[s-1] = best
		}
	}
	for s := uint64(1); s <= n; s++ {
		w := proven[s-1]
		if w != nil && s > r.AnchoredThrough {
			r.AnchoredThrough = s
		}
		last := len(r.Coverage) - 1
		if last >= 0 && sameWhen(r.Coverage[last], w) {
			r.Coverage[last].To = s
			continue
		}
		c := Coverage{From: s, To: s}
		if w != nil {
			at := w.at
			c.ProvenBy, c.TSA = &at, w.tsa
		}
		r.Coverage = append(r.Coverage, c)
	}
	r.Anchored = r.Consistent && r.AnchoredThrough == n
	for i := range r.Records {
		rr := &r.Records[i]
		if rr.OK && rr.Seq >= 1 && rr.Seq <= n && proven[rr.Seq-1] != nil {
			at := proven[rr.Seq-1].at
			rr.ProvenBy = &at
		}
	}
	if v.export != nil && v.export.seq >= 1 && v.export.seq <= n && proven[v.export.seq-1] != nil && r.Export.Bound {
		at := proven[v.export.seq-1].at
		r.Export.ProvenBy = &at
	}
}

// provenAt is a trusted time and the authority that vouches for it.
type provenAt struct {
	at  time.Time
	tsa string
}

func sameWhen(c Coverage, w *provenAt) bool {
	if w == nil || c.ProvenBy == nil {
		return w == nil && c.ProvenBy == nil
	}
	return c.ProvenBy.Equal(w.at) && c.TSA == w.tsa
}

// checkTokenTimes flags an intact token dated before a record it covers:
// the token says the link existed before the vault says it wrote the
// record. Either the computer's clock was wrong or the bag was made up;
// either way the record's recorded time cannot be relied on.
func (v *verifier) checkTokenTimes() {
	for _, a := range v.r.Anchors {
		if !a.OK {
			continue
		}
		for _, rec := range v.recordedAt {
			if rec.seq > a.Seq || !a.Time.Before(rec.at) {
				continue
			}
			detail := fmt.Sprintf("timestamp of link %d is %s, record of link %d says it was written %s",
				a.Seq, a.Time.UTC().Format(time.RFC3339), rec.seq, rec.at.UTC().Format(time.RFC3339))
			if rec.at.Sub(a.Time) <= clockSkew {
				v.r.warn("anchor.clock_skew", rec.path, detail)
			} else {
				v.r.problem("anchor.before_record", rec.path, detail)
			}
		}
	}
}

package vault

import "context"

// checkHeadMeta compares the sealed head's digests of the settings, the
// timestamp tokens and the backup log with the rows there now
// (head_meta.go): a row deleted, added or put back from an older copy
// shows here even though every row still opens. check.go reports a head
// that does not open.
func (v *Vault) checkHeadMeta(ctx context.Context, rep *Report) {
	h, err := v.readHead(ctx, v.db)
	if err != nil {
		return
	}
	if h.digests == nil {
		if ver, err := userVersion(ctx, v.db); err == nil && ver >= formatHeadDigests && !v.headUpgradePending(ctx, v.db) {
			rep.add("head", "the sealed head is in the form of format %d or older, though this vault was upgraded and unlocked since: an older head was put back outside Kiroku", formatHeadDigests-1)
		}
		return
	}
	got, err := v.computeDigests(ctx, v.db)
	if err != nil {
		rep.add("database", "cannot read settings, timestamp tokens or the backup log: %v", err)
		return
	}
	what := [3]string{
		"settings were removed, added or put back from an older copy outside Kiroku",
		"timestamp tokens were removed, added or put back from an older copy outside Kiroku",
		"backup log lines were removed, added or put back from an older copy outside Kiroku",
	}
	for i, t := range metaTables {
		if got[i] != h.digests[i] {
			rep.add(t.name, "%s", what[i])
		}
	}
}

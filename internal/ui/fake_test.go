package ui

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/kiroku-app/kiroku/internal/app"
	"github.com/kiroku-app/kiroku/internal/apperr"
	"github.com/kiroku-app/kiroku/internal/record"
)

// fakeVaults is an in-memory Vaults: a map of path to vault.
type fakeVaults struct {
	mu      sync.Mutex
	def     string
	vaults  map[string]*fakeStore
	openErr error    // if set, Open fails with it
	seen    [][]byte // passphrase slices handed to the fake, to check wiping
}

var _ app.Vaults = (*fakeVaults)(nil)

func newFakeVaults() *fakeVaults {
	return &fakeVaults{def: "/home/aiko/.local/share/kiroku/diary.kiroku", vaults: map[string]*fakeStore{}}
}

// add puts a vault with passphrase pass and recovery key key at path.
func (v *fakeVaults) add(path, pass, key string) *fakeStore {
	v.mu.Lock()
	defer v.mu.Unlock()
	s := &fakeStore{path: path, pass: pass, key: key, closed: true, revs: map[int64][]record.Revision{}}
	v.vaults[path] = s
	return s
}

func (v *fakeVaults) DefaultPath() string { return v.def }

func (v *fakeVaults) Exists(path string) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	_, ok := v.vaults[path]
	return ok
}

func (v *fakeVaults) Create(path string, pass []byte) (app.Store, string, error) {
	v.mu.Lock()
	v.seen = append(v.seen, pass)
	_, exists := v.vaults[path]
	v.mu.Unlock()
	if exists {
		return nil, "", fmt.Errorf("create %s: %w", path, apperr.ErrExists)
	}
	key := "KRK1-ABCD-EFGH-JKMN-PQRS-TUVW-XYZ2-3456"
	s := v.add(path, string(pass), key)
	s.closed = false
	return s, key, nil
}

func (v *fakeVaults) Open(path string, pass []byte) (app.Store, error) {
	v.mu.Lock()
	v.seen = append(v.seen, pass)
	s, ok := v.vaults[path]
	openErr := v.openErr
	v.mu.Unlock()
	switch {
	case openErr != nil:
		return nil, fmt.Errorf("open %s: %w", path, openErr)
	case !ok:
		return nil, fmt.Errorf("open %s: %w", path, fs.ErrNotExist)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pass != string(pass) {
		return nil, fmt.Errorf("open %s: %w", path, apperr.ErrWrongPassphrase)
	}
	if !s.closed {
		return nil, fmt.Errorf("open %s: %w", path, apperr.ErrVaultInUse)
	}
	s.closed = false
	return s, nil
}

func (v *fakeVaults) Recover(path, key string, pass []byte) (app.Store, error) {
	v.mu.Lock()
	v.seen = append(v.seen, pass)
	s, ok := v.vaults[path]
	v.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("recover %s: %w", path, fs.ErrNotExist)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.key != key {
		return nil, fmt.Errorf("recover %s: %w", path, apperr.ErrBadRecoveryKey)
	}
	s.pass = string(pass)
	s.closed = false
	return s, nil
}

// fakeStore is an in-memory vault that keeps every revision.
type fakeStore struct {
	mu     sync.Mutex
	path   string
	pass   string
	key    string
	closed bool
	closes int
	rekeys int // ChangePassphrase and NewRecoveryKey calls
	// rekeyGate, if set, holds ChangePassphrase and NewRecoveryKey until
	// it is closed (a long re-key).
	rekeyGate chan struct{}
	nextID    int64
	revs      map[int64][]record.Revision
	clock     func() time.Time

	recErr   error // if set, StartRecording fails with it
	recs     []*fakeRecording
	sessions []*fakeSession

	atts       []fakeAttachment
	importGate chan struct{} // if set, Import waits for it to be closed

	players []*fakePlayback // opened by OpenPlayback

	markID     int64 // the last marker id given
	labelErr   error // if set, LabelMarker fails with it
	labelCalls int   // labels stored

	draft      *app.Draft // kept by SaveDraft
	draftErr   error      // if set, SaveDraft fails with it
	draftSaves int        // drafts stored
}

var errNotFoundFake = apperr.ErrNotFound

// fakeRecording is a recording as the fake vault keeps it.
type fakeRecording struct {
	entryID int64
	info    app.RecordingInfo
	labels  []string
}

var _ app.Store = (*fakeStore)(nil)

func (s *fakeStore) now() time.Time {
	if s.clock != nil {
		return s.clock()
	}
	return time.Now()
}

func (s *fakeStore) Path() string { return s.path }

func (s *fakeStore) entry(id int64) record.Entry {
	revs := s.revs[id]
	last := revs[len(revs)-1]
	return record.Entry{
		ID: id, Rev: last.Rev, Deleted: last.Kind == record.KindDelete,
		RecordedAt: revs[0].RecordedAt, EditedAt: last.RecordedAt, Fields: last.Fields,
	}
}

func (s *fakeStore) Entries() ([]record.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, apperr.ErrLocked
	}
	out := make([]record.Entry, 0, len(s.revs))
	for id := range s.revs {
		if e := s.entry(id); !e.Deleted {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].EventTime.Equal(out[j].EventTime) {
			return out[i].EventTime.After(out[j].EventTime)
		}
		return out[i].ID > out[j].ID
	})
	return out, nil
}

func (s *fakeStore) Entry(id int64) (record.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return record.Entry{}, apperr.ErrLocked
	}
	if _, ok := s.revs[id]; !ok {
		return record.Entry{}, apperr.ErrNotFound
	}
	return s.entry(id), nil
}

// put adds an entry without the checks of Add (fixtures).
func (s *fakeStore) put(f record.Fields, recorded time.Time) int64 {
	s.nextID++
	s.revs[s.nextID] = []record.Revision{{Version: 1, EntryID: s.nextID, Rev: 1, Kind: record.KindCreate, RecordedAt: recorded, Fields: f}}
	return s.nextID
}

func (s *fakeStore) Add(f record.Fields) (record.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return record.Entry{}, apperr.ErrLocked
	}
	if err := f.Validate(); err != nil {
		return record.Entry{}, err
	}
	id := s.put(f, s.now())
	return s.entry(id), nil
}

func (s *fakeStore) Edit(id int64, f record.Fields, reason string) (record.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return record.Entry{}, apperr.ErrLocked
	}
	revs, ok := s.revs[id]
	if !ok {
		return record.Entry{}, apperr.ErrNotFound
	}
	if err := f.Validate(); err != nil {
		return record.Entry{}, err
	}
	s.revs[id] = append(revs, record.Revision{Version: 1, EntryID: id, Rev: len(revs) + 1, Kind: record.KindEdit, RecordedAt: s.now(), Fields: f, Reason: reason})
	return s.entry(id), nil
}

func (s *fakeStore) Delete(id int64, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return apperr.ErrLocked
	}
	revs, ok := s.revs[id]
	if !ok {
		return apperr.ErrNotFound
	}
	s.revs[id] = append(revs, record.Revision{Version: 1, EntryID: id, Rev: len(revs) + 1, Kind: record.KindDelete, RecordedAt: s.now(), Reason: reason})
	return nil
}

func (s *fakeStore) History(id int64) ([]record.Revision, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, apperr.ErrLocked
	}
	revs, ok := s.revs[id]
	if !ok {
		return nil, apperr.ErrNotFound
	}
	return append([]record.Revision(nil), revs...), nil
}

func (s *fakeStore) ChangePassphrase(old, new []byte) (string, error) {
	if s.rekeyGate != nil {
		<-s.rekeyGate
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pass != string(old) {
		return "", apperr.ErrWrongPassphrase
	}
	s.pass = string(new)
	s.rekeys++
	s.key = fakeRecoveryKey(s.rekeys)
	return s.key, nil
}

func (s *fakeStore) NewRecoveryKey(pass []byte) (string, error) {
	return s.ChangePassphrase(pass, pass)
}

func fakeRecoveryKey(n int) string {
	return fmt.Sprintf("FAKE-KEY%d-0000-0000-0000-0000-0000-0000", n%10)
}

func (s *fakeStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.closes++
	return nil
}

func (s *fakeStore) StartRecording(entryID int64, newEntry record.Fields) (app.RecordingSession, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
		return nil, apperr.ErrLocked
	case s.recErr != nil:
		return nil, fmt.Errorf("start recording: %w", s.recErr)
	}
	if entryID == 0 {
		if err := newEntry.Validate(); err != nil {
			return nil, err
		}
		entryID = s.put(newEntry, s.now())
	} else if _, ok := s.revs[entryID]; !ok {
		return nil, apperr.ErrNotFound
	}
	rec := &fakeRecording{entryID: entryID, info: app.RecordingInfo{ID: int64(len(s.recs) + 1), Started: s.now(), State: "recording"}}
	s.recs = append(s.recs, rec)
	sess := &fakeSession{s: s, rec: rec, started: s.now(), done: make(chan struct{}), rms: 0.05, peak: 0.2}
	s.sessions = append(s.sessions, sess)
	return sess, nil
}

func (s *fakeStore) Recordings(entryID int64) ([]app.RecordingInfo, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, apperr.ErrLocked
	}
	var out []app.RecordingInfo
	for _, r := range s.recs {
		if r.entryID == entryID {
			out = append(out, r.info)
		}
	}
	return out, nil
}

// recordings returns a copy of every recording of the fake.
func (s *fakeStore) recordings() []fakeRecording {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []fakeRecording
	for _, r := range s.recs {
		c := *r
		c.labels = append([]string(nil), r.labels...)
		out = append(out, c)
	}
	return out
}

func (s *fakeStore) session(i int) *fakeSession {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions[i]
}

// fakeSession is a recording whose time is the store's clock.
type fakeSession struct {
	s       *fakeStore
	rec     *fakeRecording
	started time.Time

	// guarded by s.mu
	paused    bool
	pausedAt  time.Time
	pausedFor time.Duration
	rms, peak float64
	lostErr   error
	stopped   bool
	stops     int
	done      chan struct{}
}

var _ app.RecordingSession = (*fakeSession)(nil)

func (f *fakeSession) ID() int64 { return f.rec.info.ID }

func (f *fakeSession) EntryID() int64 { return f.rec.entryID }

func (f *fakeSession) Level() (rms, peak float64) {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	if f.paused || f.stopped {
		return 0, 0
	}
	return f.rms, f.peak
}

func (f *fakeSession) setLevel(rms, peak float64) {
	f.s.mu.Lock()
	f.rms, f.peak = rms, peak
	f.s.mu.Unlock()
}

func (f *fakeSession) elapsed() time.Duration {
	end := f.s.now()
	if f.paused {
		end = f.pausedAt
	}
	return end.Sub(f.started) - f.pausedFor
}

func (f *fakeSession) Elapsed() time.Duration {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	if f.stopped {
		return f.rec.info.Duration
	}
	return f.elapsed()
}

func (f *fakeSession) Pause() {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	if !f.paused {
		f.paused, f.pausedAt = true, f.s.now()
	}
}

func (f *fakeSession) Resume() {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	if f.paused {
		f.paused = false
		f.pausedFor += f.s.now().Sub(f.pausedAt)
	}
}

func (f *fakeSession) Paused() bool {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	return f.paused
}

func (f *fakeSession) Marker(label string) (int64, error) {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	if f.stopped {
		return 0, fmt.Errorf("recording already finished")
	}
	f.rec.labels = append(f.rec.labels, label)
	f.rec.info.Markers++
	f.s.markID++
	f.rec.info.Marks = append(f.rec.info.Marks, app.Mark{ID: f.s.markID, At: f.elapsed(), Wall: f.s.now(), Label: label, Placed: label})
	return f.s.markID, nil
}

// LabelMarker implements Store: a new label goes into the marker's
// history, as the vault keeps it.
func (s *fakeStore) LabelMarker(recordingID, markerID int64, label string) (app.Mark, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
		return app.Mark{}, apperr.ErrLocked
	case s.labelErr != nil:
		return app.Mark{}, s.labelErr
	}
	label = strings.TrimSpace(label)
	if err := record.ValidMarkerLabel(label); err != nil {
		return app.Mark{}, err
	}
	for _, r := range s.recs {
		if r.info.ID != recordingID {
			continue
		}
		for i, m := range r.info.Marks {
			if m.ID != markerID {
				continue
			}
			if m.Label != label {
				m.History = append(append([]app.MarkLabel(nil), m.History...), app.MarkLabel{Label: label, RecordedAt: s.now()})
				m.Label = label
				marks := append([]app.Mark(nil), r.info.Marks...)
				marks[i] = m
				r.info.Marks = marks
				s.labelCalls++
			}
			return m, nil
		}
	}
	return app.Mark{}, apperr.ErrNotFound
}

func (f *fakeSession) Done() <-chan struct{} { return f.done }

// lose ends the recording as an unplugged microphone does.
func (f *fakeSession) lose() {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	f.lostErr = fmt.Errorf("capture: %w", app.ErrMicrophoneLost)
	f.finish()
}

// finish saves the recording's end. Callers hold s.mu.
func (f *fakeSession) finish() {
	if f.stopped {
		return
	}
	f.rec.info.Duration = f.elapsed()
	f.stopped = true
	f.rec.info.State = record.StateComplete
	f.rec.info.SHA256 = fmt.Sprintf("%064x", f.rec.info.ID)
	close(f.done)
}

func (f *fakeSession) Stop() (app.RecordingResult, error) {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	f.stops++
	f.finish()
	return app.RecordingResult{ID: f.rec.info.ID, Duration: f.rec.info.Duration, SHA256: f.rec.info.SHA256}, f.lostErr
}

// SaveDraft implements Store; like the vault, it refuses once closed.
func (s *fakeStore) SaveDraft(d app.Draft) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
		return apperr.ErrLocked
	case s.draftErr != nil:
		return fmt.Errorf("save draft: %w", s.draftErr)
	}
	d.People = append([]record.Person(nil), d.People...)
	d.Categories = append([]string(nil), d.Categories...)
	s.draft = &d
	s.draftSaves++
	return nil
}

func (s *fakeStore) Draft() (app.Draft, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return app.Draft{}, false, apperr.ErrLocked
	}
	if s.draft == nil {
		return app.Draft{}, false, nil
	}
	return *s.draft, true, nil
}

func (s *fakeStore) ClearDraft() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return apperr.ErrLocked
	}
	s.draft = nil
	return nil
}

// kept returns the stored draft, or nil.
func (s *fakeStore) kept() *app.Draft {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.draft
}

func (s *fakeStore) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

func (s *fakeStore) revisions(id int64) []record.Revision {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]record.Revision(nil), s.revs[id]...)
}

// fakeClock is a clock that moves only when told.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

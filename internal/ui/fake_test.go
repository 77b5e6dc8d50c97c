package ui

import (
	"fmt"
	"io/fs"
	"sort"
	"sync"
	"time"

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

var _ Vaults = (*fakeVaults)(nil)

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

func (v *fakeVaults) Create(path string, pass []byte) (Store, string, error) {
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

func (v *fakeVaults) Open(path string, pass []byte) (Store, error) {
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

func (v *fakeVaults) Recover(path, key string, pass []byte) (Store, error) {
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
	nextID int64
	revs   map[int64][]record.Revision
	clock  func() time.Time
}

var _ Store = (*fakeStore)(nil)

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

func (s *fakeStore) ChangePassphrase(old, new []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pass != string(old) {
		return apperr.ErrWrongPassphrase
	}
	s.pass = string(new)
	return nil
}

func (s *fakeStore) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.closes++
	return nil
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

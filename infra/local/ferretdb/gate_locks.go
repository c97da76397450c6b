package main

import (
	"slices"
	"sync"
)

// gateLocks serialises writes that may touch the same document. A write anchored on `_id`s holds
// its collection shared and those documents exclusively; any other write holds its collection
// exclusively. Entries are reference-counted so the tables hold only what is in use.
type gateLocks struct {
	mu          sync.Mutex
	collections map[string]*collectionLock
}

type collectionLock struct {
	rw   sync.RWMutex
	refs int
	docs map[string]*documentLock
}

type documentLock struct {
	mu   sync.Mutex
	refs int
}

// acquire blocks until the scope may run and returns what releases it.
func (g *gateLocks) acquire(scope writeScope) func() {
	ids := slices.Compact(slices.Sorted(slices.Values(scope.ids))) // one order for all: no deadlock
	g.mu.Lock()
	if g.collections == nil {
		g.collections = map[string]*collectionLock{}
	}
	collection := g.collections[scope.collection]
	if collection == nil {
		collection = &collectionLock{docs: map[string]*documentLock{}}
		g.collections[scope.collection] = collection
	}
	collection.refs++
	docs := make([]*documentLock, len(ids))
	for i, id := range ids {
		doc := collection.docs[id]
		if doc == nil {
			doc = &documentLock{}
			collection.docs[id] = doc
		}
		doc.refs++
		docs[i] = doc
	}
	g.mu.Unlock()

	if len(docs) == 0 {
		collection.rw.Lock()
	} else {
		collection.rw.RLock()
		for _, doc := range docs {
			doc.mu.Lock()
		}
	}

	return func() {
		for _, doc := range docs {
			doc.mu.Unlock()
		}
		if len(docs) == 0 {
			collection.rw.Unlock()
		} else {
			collection.rw.RUnlock()
		}
		g.mu.Lock()
		defer g.mu.Unlock()
		for i, doc := range docs {
			if doc.refs--; doc.refs == 0 {
				delete(collection.docs, ids[i])
			}
		}
		if collection.refs--; collection.refs == 0 {
			delete(g.collections, scope.collection)
		}
	}
}

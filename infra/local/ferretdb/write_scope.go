package main

import (
	"bytes"
	"encoding/binary"
	"strings"

	"go.mongodb.org/mongo-driver/bson/bsontype"
	"go.mongodb.org/mongo-driver/x/bsonx/bsoncore"
)

var writeCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findandmodify": true,
	"create": true, "createindexes": true, "dropindexes": true, "drop": true,
	"dropdatabase": true, "renamecollection": true, "collmod": true,
}

// writeScope is what a write command may change: one collection, and within it either only the
// documents named by `ids` (every statement is anchored on an `_id` value) or anything (ids nil).
type writeScope struct {
	collection string
	ids        []string
}

// statements names, per command, the document sequence holding its statements and the field of
// each statement that selects its document (empty: the statement is the document itself).
var statements = map[string]struct{ list, selector string }{
	"update": {"updates", "q"},
	"delete": {"deletes", "q"},
	"insert": {"documents", ""},
}

// scopeOf returns the scope of a write command, or false for anything else (reads pass freely).
// An OP_MSG carries the command in its body section (kind 0) and may carry statement lists as
// document sequences (kind 1) instead of body fields; both are read.
func (f frame) scopeOf() (writeScope, bool) {
	if f.opCode() != opMsg || len(f.raw) < 21 {
		return writeScope{}, false
	}
	flags := binary.LittleEndian.Uint32(f.raw[16:20])
	sections := f.raw[20:]
	if flags&1 != 0 && len(sections) >= 4 { // checksumPresent
		sections = sections[:len(sections)-4]
	}
	var body bsoncore.Document
	sequences := map[string][]bsoncore.Document{}
	for len(sections) > 0 {
		kind := sections[0]
		sections = sections[1:]
		switch kind {
		case 0:
			doc, rest, ok := bsoncore.ReadDocument(sections)
			if !ok {
				return writeScope{}, false
			}
			body, sections = doc, rest
		case 1:
			if len(sections) < 4 {
				return writeScope{}, false
			}
			size := int(binary.LittleEndian.Uint32(sections))
			if size < 5 || size > len(sections) {
				return writeScope{}, false
			}
			identifier, docs, ok := readSequence(sections[4:size])
			if !ok {
				return writeScope{}, false
			}
			sequences[identifier] = docs
			sections = sections[size:]
		default:
			return writeScope{}, false
		}
	}
	elements, err := body.Elements()
	if err != nil || len(elements) == 0 {
		return writeScope{}, false
	}
	command := strings.ToLower(elements[0].Key())
	if !writeCommands[command] {
		return writeScope{}, false
	}
	collection, ok := elements[0].Value().StringValueOK()
	if !ok {
		return writeScope{collection: command}, true // dropDatabase: no collection, locked by command
	}
	return writeScope{collection: collection, ids: idsOf(command, body, sequences)}, true
}

// idsOf returns the `_id`s every statement of the command is anchored on, or nil if any is not.
func idsOf(command string, body bsoncore.Document, sequences map[string][]bsoncore.Document) []string {
	if command == "findandmodify" {
		query, ok := body.Lookup("query").DocumentOK()
		if !ok {
			return nil
		}
		return anchoredIDs([]bsoncore.Document{query})
	}
	shape, ok := statements[command]
	if !ok {
		return nil // schema and index commands lock the whole collection
	}
	list, ok := sequences[shape.list]
	if !ok {
		array, isArray := body.Lookup(shape.list).ArrayOK()
		if !isArray {
			return nil
		}
		values, err := array.Values()
		if err != nil {
			return nil
		}
		for _, value := range values {
			doc, isDoc := value.DocumentOK()
			if !isDoc {
				return nil
			}
			list = append(list, doc)
		}
	}
	selectors := make([]bsoncore.Document, 0, len(list))
	for _, statement := range list {
		if shape.selector == "" {
			selectors = append(selectors, statement)
			continue
		}
		selector, isDoc := statement.Lookup(shape.selector).DocumentOK()
		if !isDoc {
			return nil
		}
		selectors = append(selectors, selector)
	}
	return anchoredIDs(selectors)
}

// anchoredIDs returns each selector's `_id` when every one has a plain (non-operator) `_id` value.
func anchoredIDs(selectors []bsoncore.Document) []string {
	if len(selectors) == 0 {
		return nil
	}
	ids := make([]string, 0, len(selectors))
	for _, selector := range selectors {
		id, err := selector.LookupErr("_id")
		if err != nil {
			return nil
		}
		switch id.Type {
		case bsontype.String, bsontype.ObjectID:
			ids = append(ids, string(id.Type)+string(id.Data))
		default:
			// {$in: ...}, {$gt: ...}, a compound value, or a number (1 and 1.0 are one _id but
			// different bytes): may touch any document.
			return nil
		}
	}
	return ids
}

// readSequence splits a kind-1 section body into its identifier and documents.
func readSequence(src []byte) (string, []bsoncore.Document, bool) {
	end := bytes.IndexByte(src, 0)
	if end < 0 {
		return "", nil, false
	}
	identifier, rest := string(src[:end]), src[end+1:]
	var docs []bsoncore.Document
	for len(rest) > 0 {
		doc, remaining, ok := bsoncore.ReadDocument(rest)
		if !ok {
			return "", nil, false
		}
		docs, rest = append(docs, doc), remaining
	}
	return identifier, docs, true
}

package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"sync"
)

// FerretDB v1 runs an update as "query, then write" with no transaction, so two concurrent
// conditional updates of one document can both succeed (lost updates, two winners of a
// compare-and-set). MongoDB makes every single-document write atomic, and the services rely on
// that. This gate sits between clients and FerretDB and lets only one write command per
// collection run at a time; reads pass straight through.

const (
	opMsg          = 2013
	headerLength   = 16
	maxMessage     = 48 * 1024 * 1024
	flagMoreToCome = 1 << 1
)

var writeCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findandmodify": true,
	"create": true, "createindexes": true, "dropindexes": true, "drop": true,
	"dropdatabase": true, "renamecollection": true, "collmod": true,
}

// collectionLocks hands out one mutex per collection name.
type collectionLocks struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func (c *collectionLocks) get(name string) *sync.Mutex {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.locks == nil {
		c.locks = map[string]*sync.Mutex{}
	}
	lock, ok := c.locks[name]
	if !ok {
		lock = &sync.Mutex{}
		c.locks[name] = lock
	}
	return lock
}

// frame is one wire-protocol message: header and body as read.
type frame struct {
	raw []byte
}

func (f frame) requestID() int32  { return int32(binary.LittleEndian.Uint32(f.raw[4:8])) }
func (f frame) responseTo() int32 { return int32(binary.LittleEndian.Uint32(f.raw[8:12])) }
func (f frame) opCode() int32     { return int32(binary.LittleEndian.Uint32(f.raw[12:16])) }

func (f frame) moreToCome() bool {
	return f.opCode() == opMsg && len(f.raw) >= 20 && binary.LittleEndian.Uint32(f.raw[16:20])&flagMoreToCome != 0
}

// writeTarget returns the collection a write command addresses, or "" for anything else.
// An OP_MSG body section (kind 0) is a BSON document whose first element names the command
// and, for writes, holds the collection name as a string.
func (f frame) writeTarget() string {
	if f.opCode() != opMsg || len(f.raw) < 26 || f.raw[20] != 0 {
		return ""
	}
	doc := f.raw[21:]
	elementType := doc[4]
	nameEnd := bytes.IndexByte(doc[5:], 0)
	if nameEnd < 0 {
		return ""
	}
	command := strings.ToLower(string(doc[5 : 5+nameEnd]))
	if !writeCommands[command] {
		return ""
	}
	value := doc[5+nameEnd+1:]
	if elementType != 0x02 || len(value) < 4 {
		return command // a write without a collection name (dropDatabase): lock by command
	}
	length := int(binary.LittleEndian.Uint32(value[:4]))
	if length < 1 || len(value) < 4+length {
		return command
	}
	return string(value[4 : 4+length-1])
}

func readFrame(r io.Reader) (frame, error) {
	header := make([]byte, headerLength)
	if _, err := io.ReadFull(r, header); err != nil {
		return frame{}, err
	}
	length := int(binary.LittleEndian.Uint32(header[:4]))
	if length < headerLength || length > maxMessage {
		return frame{}, fmt.Errorf("bad message length %d", length)
	}
	raw := make([]byte, length)
	copy(raw, header)
	if _, err := io.ReadFull(r, raw[headerLength:]); err != nil {
		return frame{}, err
	}
	return frame{raw: raw}, nil
}

// heldLocks are the collection locks a connection holds, by request id, until FerretDB answers.
type heldLocks struct {
	mu   sync.Mutex
	byID map[int32]*sync.Mutex
}

func (h *heldLocks) hold(lock *sync.Mutex, requestID int32) {
	lock.Lock()
	h.mu.Lock()
	if h.byID == nil {
		h.byID = map[int32]*sync.Mutex{}
	}
	h.byID[requestID] = lock
	h.mu.Unlock()
}

// release unlocks the lock held for the request `responseTo` answers, if any.
func (h *heldLocks) release(responseTo int32) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if lock, ok := h.byID[responseTo]; ok {
		lock.Unlock()
		delete(h.byID, responseTo)
	}
}

// releaseAll unlocks everything still held, when the connection ends.
func (h *heldLocks) releaseAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for id, lock := range h.byID {
		lock.Unlock()
		delete(h.byID, id)
	}
}

// serveGated accepts clients on `listener` and relays each to FerretDB's Unix socket through the gate.
func serveGated(listener net.Listener, upstream string, locks *collectionLocks) error {
	for {
		client, err := listener.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			return err
		}
		go relay(client, upstream, locks)
	}
}

func relay(client net.Conn, upstream string, locks *collectionLocks) {
	defer client.Close()
	server, err := net.Dial("unix", upstream)
	if err != nil {
		log.Printf("gate: cannot reach ferretdb: %v", err)
		return
	}
	defer server.Close()
	held := &heldLocks{}
	defer held.releaseAll()

	go func() {
		defer client.Close()
		for {
			reply, err := readFrame(server)
			if err != nil {
				return
			}
			// Release before forwarding: once the client has the reply it may send its next
			// write at once, and that write must not find this one's lock still taken.
			if !reply.moreToCome() {
				held.release(reply.responseTo())
			}
			if _, err := client.Write(reply.raw); err != nil {
				return
			}
		}
	}()

	for {
		request, err := readFrame(client)
		if err != nil {
			return
		}
		// A request flagged moreToCome gets no reply, so there is nothing to wait for.
		if target := request.writeTarget(); target != "" && !request.moreToCome() {
			held.hold(locks.get(target), request.requestID())
		}
		if _, err := server.Write(request.raw); err != nil {
			return
		}
	}
}

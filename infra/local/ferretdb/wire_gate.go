package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"sync"
)

// FerretDB v1 runs an update as "query, then write" with no transaction, so two concurrent
// conditional updates of one document can both succeed (lost updates, two winners of a
// compare-and-set). MongoDB makes every single-document write atomic, and the services rely on
// that. This gate sits between clients and FerretDB and lets only one write at a time touch a
// document (see gate_locks.go, write_scope.go); reads pass straight through.

const (
	opMsg          = 2013
	headerLength   = 16
	maxMessage     = 48 * 1024 * 1024
	flagMoreToCome = 1 << 1
)

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

// heldLocks are the locks a connection holds, by request id, until FerretDB answers.
type heldLocks struct {
	mu   sync.Mutex
	byID map[int32]func()
}

func (h *heldLocks) hold(release func(), requestID int32) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.byID == nil {
		h.byID = map[int32]func(){}
	}
	h.byID[requestID] = release
}

// release unlocks what is held for the request `responseTo` answers, if anything.
func (h *heldLocks) release(responseTo int32) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if release, ok := h.byID[responseTo]; ok {
		release()
		delete(h.byID, responseTo)
	}
}

// releaseAll unlocks everything still held, when the connection ends.
func (h *heldLocks) releaseAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for id, release := range h.byID {
		release()
		delete(h.byID, id)
	}
}

// serveGated accepts clients on `listener` and relays each to FerretDB's Unix socket through the gate.
func serveGated(listener net.Listener, upstream string, locks *gateLocks) error {
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

func relay(client net.Conn, upstream string, locks *gateLocks) {
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
		if scope, isWrite := request.scopeOf(); isWrite && !request.moreToCome() {
			held.hold(locks.acquire(scope), request.requestID())
		}
		if _, err := server.Write(request.raw); err != nil {
			return
		}
	}
}

import { Adapter, type Room, type SocketId } from 'socket.io-adapter';

/**
 * Socket.IO puts every socket in a room named after its id, for `io.to(socketId)` and for
 * `socket.broadcast` to leave the sender out. JPSP-NG uses neither: a socket is only in the rooms
 * of the tasks it follows. Without the self-room an idle connection costs two Sets and two Map
 * entries less (~0.3 KB). Do not use `io.to(socketId)` or `socket.broadcast` with this adapter.
 */
export class TaskRoomsAdapter extends Adapter {
  override addAll(id: SocketId, rooms: Set<Room>): void {
    if (rooms.has(id)) {
      rooms = new Set([...rooms].filter((room) => room !== id));
    }
    if (rooms.size > 0) {
      void super.addAll(id, rooms); // synchronous in the in-memory adapter
    }
  }
}

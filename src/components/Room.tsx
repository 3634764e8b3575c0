/**
 * A box that measures the room it is given and hands it to its figure: the shared way
 * for a figure to size itself (heatmap cells, charts, trees grow with the window and in
 * presentation mode). `fit="box"` uses the box's own height (give it one in CSS, e.g. a
 * grid row or `height: 60vh`); `fit="window"` uses what is left of the window below it.
 *
 *   <Room className="figure-area">{(room) => <Heatmap maxWidth={room.width} maxHeight={room.height} … />}</Room>
 */
import type { ReactNode } from 'react';
import { useRoom, type Room as RoomSize, type RoomOptions } from './useRoom';

export interface RoomProps extends RoomOptions {
  className?: string;
  children: (room: RoomSize) => ReactNode;
}

export function Room({ className, children, ...opts }: RoomProps) {
  const [ref, room] = useRoom(opts);
  return (
    <div className={className ? `room ${className}` : 'room'} ref={ref}>
      {children(room)}
    </div>
  );
}

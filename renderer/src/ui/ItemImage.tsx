import { useState } from 'react';
import { Icon } from './Icon';

/**
 * A product picture, or a neutral box when there is none or it cannot load: offline, the
 * catalogue's images are out of reach, and a broken-image icon would look like a fault.
 */
export function ItemImage({ src }: { src: string | null }) {
  const [failed, setFailed] = useState(false);
  if (!src || failed) {
    return (
      <span className="items__img items__img--none" aria-hidden="true">
        <Icon name="box" />
      </span>
    );
  }
  return (
    <img
      className="items__img"
      src={src}
      alt=""
      loading="lazy"
      width={48}
      height={48}
      referrerPolicy="no-referrer"
      onError={() => setFailed(true)}
    />
  );
}

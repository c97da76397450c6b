import { versionedView } from '../slice.js';
import type { ItemDoc } from './item-doc.js';

/** The contract's Item; `locationId` is where the item physically is. */
export const itemView = ({ _id, itemTypeId, kind, name, serialNumber, barcode, attributes, locationId, parentId, ...versioned }: ItemDoc) => ({
  id: _id, itemTypeId, kind, name, serialNumber, barcode, attributes, locationId, parentId, ...versionedView(versioned),
});

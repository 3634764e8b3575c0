/**
 * State of the labs: what a person would want to share goes into the hash
 * through `labsHashFields`; fast hover state stays out of the store (refs).
 */
import type { StateCreator } from 'zustand';
import type { HashField } from '../fields';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LabsSlice {}

export const createLabsSlice: StateCreator<LabsSlice> = () => ({});

export const labsHashFields: HashField<LabsSlice>[] = [];

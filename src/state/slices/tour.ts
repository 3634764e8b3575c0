/**
 * State of the tour: what a person would want to share goes into the hash
 * through `tourHashFields`; fast hover state stays out of the store (refs).
 */
import type { StateCreator } from 'zustand';
import type { HashField } from '../fields';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TourSlice {}

export const createTourSlice: StateCreator<TourSlice> = () => ({});

export const tourHashFields: HashField<TourSlice>[] = [];

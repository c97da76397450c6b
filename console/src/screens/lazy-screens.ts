import { lazy } from 'react';

/** Screens with heavy libraries (barcodes, charts) load on first visit, keeping the first load small. */
export const LabelsScreen = lazy(() => import('./labels-screen').then((module) => ({ default: module.LabelsScreen })));
export const ReportsScreen = lazy(() => import('./reports-screen').then((module) => ({ default: module.ReportsScreen })));

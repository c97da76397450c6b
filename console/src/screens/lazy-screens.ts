import { lazy } from 'react';

/**
 * Screens with heavy libraries (barcodes, charts, CSV) or only for some roles load on first visit,
 * keeping the first load small (the budget is 300 KB of gzipped JavaScript: docs/benchmarks.md).
 */
export const LabelsScreen = lazy(() => import('./labels-screen').then((module) => ({ default: module.LabelsScreen })));
export const ReportsScreen = lazy(() => import('./reports-screen').then((module) => ({ default: module.ReportsScreen })));
export const ImportScreen = lazy(() => import('./import-screen').then((module) => ({ default: module.ImportScreen })));
export const UsersScreen = lazy(() => import('./users-screen').then((module) => ({ default: module.UsersScreen })));
export const AuditScreen = lazy(() => import('./audit-screen').then((module) => ({ default: module.AuditScreen })));
export const CatalogScreen = lazy(() => import('./catalog-screen').then((module) => ({ default: module.CatalogScreen })));

import { Center, Loader } from '@mantine/core';
import { Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { api } from './api/client';
import { unwrap } from './api/problem';
import { useSignedIn, UserContext } from './auth/use-session';
import { ItemDetailScreen } from './screens/item-detail-screen';
import { ItemsScreen } from './screens/items-screen';
import { LocationsScreen } from './screens/locations-screen';
import { AuditScreen, CatalogScreen, ImportScreen, LabelsScreen, ReportsScreen, UsersScreen } from './screens/lazy-screens';
import { LoginScreen } from './screens/login-screen';
import { ScanScreen } from './screens/scan-screen';
import { ProblemAlert } from './ui/problem-alert';
import { Shell } from './ui/shell';
import { useLoad } from './ui/use-load';

const waiting = <Center p="xl"><Loader aria-label="Loading" /></Center>;

function SignedIn() {
  const me = useLoad(() => unwrap(api.GET('/users/me')), []);
  if (me.problem) return <Center p="xl"><ProblemAlert problem={me.problem} title="Could not load your account" /></Center>;
  if (!me.data) return waiting;
  return (
    <UserContext.Provider value={me.data}>
      <Shell user={me.data}>
        <Suspense fallback={waiting}>
          <Routes>
            <Route path="/locations/:id?" element={<LocationsScreen />} />
            <Route path="/items" element={<ItemsScreen />} />
            <Route path="/items/:id" element={<ItemDetailScreen />} />
            <Route path="/scan" element={<ScanScreen />} />
            <Route path="/import" element={<ImportScreen />} />
            <Route path="/labels" element={<LabelsScreen />} />
            <Route path="/reports" element={<ReportsScreen />} />
            <Route path="/catalog" element={<CatalogScreen />} />
            <Route path="/users" element={<UsersScreen />} />
            <Route path="/audit" element={<AuditScreen />} />
            <Route path="*" element={<Navigate to="/locations" replace />} />
          </Routes>
        </Suspense>
      </Shell>
    </UserContext.Provider>
  );
}

export function App() {
  return useSignedIn() ? <SignedIn /> : <LoginScreen />;
}


// The shell: masthead with the navigation toggle, the mesh lock and the cluster connection, navigation, the
// read-only banner, and the page of the current URL (or the sign-in form, when the console needs a token first).
// Below 1,200 px (PatternFly's xl breakpoint: a 1,440 px laptop at 125 % zoom is 1,152) the navigation
// collapses behind the masthead toggle instead of leaving the screen.
import {
  Banner,
  Button,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadLogo,
  MastheadMain,
  MastheadToggle,
  Nav,
  NavItem,
  NavList,
  Page,
  PageContext,
  PageSidebar,
  PageSidebarBody,
  PageToggleButton,
  SkipToContent,
} from '@patternfly/react-core';
import { lazy, Suspense, useContext, useEffect, type ReactNode, type SyntheticEvent } from 'react';
import { rememberCsrfToken } from './api.js';
import { setBearerToken, useBearerToken } from './auth.js';
import { ConnectionStatus } from './components/connection-status.js';
import { Link } from './components/link.js';
import { MeshLock } from './components/mesh-lock.js';
import { useApi } from './hooks/use-api.js';
import { navigate, useLocation } from './hooks/use-location.js';
import { SessionContext } from './hooks/use-session.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { SignInPage } from './pages/sign-in/sign-in-page.js';
import { matchRoute, paths, type PageRoute } from './routes.js';

/**
 * Each page's code is its own chunk, loaded when its route is shown: the graph page does not wait for the
 * YAML editor, nor other pages for Cytoscape. `preloadPage` starts the load before the first render.
 */
const PAGE_CODE = {
  overview: () => import('./pages/overview/overview-page.js').then((m) => ({ default: m.OverviewPage })),
  namespace: () => import('./pages/namespace/namespace-page.js').then((m) => ({ default: m.NamespacePage })),
  workloads: () => import('./pages/workloads/workloads-page.js').then((m) => ({ default: m.WorkloadsPage })),
  services: () => import('./pages/services/services-page.js').then((m) => ({ default: m.ServicesPage })),
  workload: () => import('./pages/workload/workload-page.js').then((m) => ({ default: m.WorkloadPage })),
  service: () => import('./pages/service/service-page.js').then((m) => ({ default: m.ServicePage })),
  security: () => import('./pages/security/security-page.js').then((m) => ({ default: m.SecurityPage })),
  graph: () => import('./pages/graph/graph-page.js').then((m) => ({ default: m.GraphPage })),
  readiness: () => import('./pages/readiness/readiness-page.js').then((m) => ({ default: m.ReadinessPage })),
  certificates: () => import('./pages/certificates/certificates-page.js').then((m) => ({ default: m.CertificatesPage })),
  'istio-list': () => import('./pages/istio-config-list/istio-config-list-page.js').then((m) => ({ default: m.IstioConfigListPage })),
  'istio-new': () => import('./pages/istio-config-new/istio-config-new-page.js').then((m) => ({ default: m.IstioConfigNewPage })),
  'istio-details': () => import('./pages/istio-config-details/istio-config-details-page.js').then((m) => ({ default: m.IstioConfigDetailsPage })),
};

const hasCode = (page: PageRoute['page']): page is keyof typeof PAGE_CODE => page in PAGE_CODE;

export function preloadPage(route: PageRoute): void {
  if (hasCode(route.page)) void PAGE_CODE[route.page]();
}

const OverviewPage = lazy(PAGE_CODE.overview);
const NamespacePage = lazy(PAGE_CODE.namespace);
const WorkloadsPage = lazy(PAGE_CODE.workloads);
const ServicesPage = lazy(PAGE_CODE.services);
const WorkloadPage = lazy(PAGE_CODE.workload);
const ServicePage = lazy(PAGE_CODE.service);
const SecurityPage = lazy(PAGE_CODE.security);
const GraphPage = lazy(PAGE_CODE.graph);
const ReadinessPage = lazy(PAGE_CODE.readiness);
const CertificatesPage = lazy(PAGE_CODE.certificates);
const IstioConfigListPage = lazy(PAGE_CODE['istio-list']);
const IstioConfigNewPage = lazy(PAGE_CODE['istio-new']);
const IstioConfigDetailsPage = lazy(PAGE_CODE['istio-details']);

function pageFor(route: PageRoute): ReactNode {
  switch (route.page) {
    case 'overview':
      return <OverviewPage />;
    case 'namespace':
      return <NamespacePage namespace={route.namespace} />;
    case 'workloads':
      return <WorkloadsPage />;
    case 'services':
      return <ServicesPage />;
    case 'workload':
      return <WorkloadPage namespace={route.namespace} name={route.name} />;
    case 'service':
      return <ServicePage namespace={route.namespace} name={route.name} />;
    case 'security':
      return <SecurityPage />;
    case 'graph':
      return <GraphPage />;
    case 'readiness':
      return <ReadinessPage />;
    case 'certificates':
      return <CertificatesPage />;
    case 'istio-list':
      return <IstioConfigListPage />;
    case 'istio-new':
      return <IstioConfigNewPage kind={route.kind} />;
    case 'istio-details':
      return <IstioConfigDetailsPage key={`${route.namespace}/${route.kind}/${route.name}`} namespace={route.namespace} kind={route.kind} name={route.name} />;
    case 'not-found':
      return <NotFoundPage path={route.path} />;
  }
}

const NAV: readonly { label: string; to: string; pages: readonly PageRoute['page'][] }[] = [
  { label: 'Overview', to: paths.overview(), pages: ['overview', 'namespace'] },
  { label: 'Workloads', to: paths.workloads(), pages: ['workloads', 'workload'] },
  { label: 'Services', to: paths.services(), pages: ['services', 'service'] },
  { label: 'Traffic graph', to: paths.graph(), pages: ['graph'] },
  { label: 'Security posture', to: paths.security(), pages: ['security'] },
  { label: 'STRICT readiness', to: paths.readiness(), pages: ['readiness'] },
  { label: 'Certificates', to: paths.certificates(), pages: ['certificates'] },
  { label: 'Istio config', to: paths.istioList(), pages: ['istio-list', 'istio-new', 'istio-details'] },
];

/**
 * The navigation: real links that navigate in the app on a plain click; on a narrow screen, following one
 * also closes the overlay it opened in.
 */
function NavLinks({ current }: { current: PageRoute['page'] }) {
  const page = useContext(PageContext);
  const follow = (event: SyntheticEvent, to: string) => {
    const click = event.nativeEvent;
    if (click instanceof MouseEvent && (click.button !== 0 || click.metaKey || click.ctrlKey || click.shiftKey || click.altKey)) return;
    event.preventDefault();
    navigate(to);
    if (page.isMobile && page.isSidebarOpen) page.onSidebarToggle();
  };
  return (
    <Nav aria-label="Console">
      <NavList>
        {NAV.map((item) => (
          <NavItem key={item.to} to={item.to} isActive={item.pages.includes(current)} onClick={(event) => follow(event, item.to)}>
            {item.label}
          </NavItem>
        ))}
      </NavList>
    </Nav>
  );
}

export function App() {
  const session = useApi('session', {});
  useEffect(() => {
    if (session.data) rememberCsrfToken(session.data.csrfToken);
  }, [session.data]);
  const { pathname } = useLocation();
  const route = matchRoute(pathname);
  const token = useBearerToken();
  const signIn = session.error?.code === 'unauthorized' ? session.error.message : undefined;

  const masthead = (
    <Masthead>
      <MastheadMain>
        <MastheadToggle>
          <PageToggleButton isHamburgerButton aria-label="Navigation" />
        </MastheadToggle>
        <MastheadBrand>
          <MastheadLogo component="span">
            <Link to={paths.overview()} className="ml-brand">
              meshlock
            </Link>
          </MastheadLogo>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <div className="ml-masthead-content">
          <MeshLock />
          <ConnectionStatus />
          {session.data ? <span className="ml-masthead-source">{session.data.source}</span> : null}
          {token ? (
            <Button variant="secondary" size="sm" onClick={() => setBearerToken(undefined)}>
              Sign out
            </Button>
          ) : null}
        </div>
      </MastheadContent>
    </Masthead>
  );
  const sidebar = (
    <PageSidebar>
      <PageSidebarBody>
        <NavLinks current={route.page} />
      </PageSidebarBody>
    </PageSidebar>
  );
  return (
    <SessionContext.Provider value={session.data}>
      <Page isManagedSidebar masthead={masthead} sidebar={sidebar} skipToContent={<SkipToContent href="#main">Skip to content</SkipToContent>} mainContainerId="main">
        {session.data?.readOnly ? (
          <Banner status="warning" screenReaderText="Read-only" className="ml-banner">
            Read-only: {session.data.readOnlyReason ?? 'edits are off'}. Objects can be browsed and validated, not saved.
          </Banner>
        ) : null}
        {signIn === undefined ? <Suspense fallback={null}>{pageFor(route)}</Suspense> : <SignInPage message={signIn} />}
      </Page>
    </SessionContext.Provider>
  );
}

import { PageSection, Title } from '@patternfly/react-core';
import { Link } from '../components/link.js';
import { paths } from '../routes.js';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <PageSection>
      <Title headingLevel="h1">Page not found</Title>
      <p>
        Nothing lives at <code>{path}</code>. Go to the <Link to={paths.overview()}>overview</Link>.
      </p>
    </PageSection>
  );
}

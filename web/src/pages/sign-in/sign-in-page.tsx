// Signing in to a console started with `--auth token`: the person's Kubernetes bearer token is kept in this
// tab's sessionStorage and sent with every request, so the API server answers with their own RBAC: what
// they may not list, they do not see; what they may not change, they cannot save.
import { ActionGroup, Button, Form, FormGroup, FormHelperText, HelperText, HelperTextItem, PageSection, TextInput, Title } from '@patternfly/react-core';
import { useState } from 'react';
import { setBearerToken } from '../../auth.js';

export function SignInPage({ message }: { message: string }) {
  const [value, setValue] = useState('');
  return (
    <PageSection>
      <Title headingLevel="h1">Sign in</Title>
      <p className="ml-subtle">{message}</p>
      <Form
        className="ml-sign-in"
        onSubmit={(event) => {
          event.preventDefault();
          setBearerToken(value);
        }}
      >
        <FormGroup label="Kubernetes bearer token" fieldId="ml-token" isRequired>
          <TextInput id="ml-token" type="password" value={value} onChange={(_event, text) => setValue(text)} autoComplete="off" isRequired />
          <FormHelperText>
            <HelperText>
              <HelperTextItem>
                For example from <code>kubectl create token NAME -n NAMESPACE</code>. It stays in this browser tab and is sent only to this console, which uses it to read and
                write the cluster as you.
              </HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
        <ActionGroup>
          <Button type="submit" variant="primary" isDisabled={value.trim() === ''}>
            Sign in
          </Button>
        </ActionGroup>
      </Form>
    </PageSection>
  );
}
